/**
 * The harbour command line.
 */
package io.harbour.cli;
