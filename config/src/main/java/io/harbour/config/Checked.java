package io.harbour.config;

import java.util.List;

/** A configuration type that can say what is wrong with it, one message per problem, each starting with its key. */
public interface Checked {
    List<String> problems();
}
