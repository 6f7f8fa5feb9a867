/**
 * Reads a service's one typed configuration object: defaults from the type, then one YAML file,
 * then environment overrides ({@code PREFIX_SECTION_KEY}), then the type's own checks. Every
 * problem is reported at start, each naming its key (or variable) and where it came from, so a
 * service never runs half configured.
 */
package io.harbour.config;
