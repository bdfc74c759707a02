package dev.pier.proxy.header;

import dev.pier.variables.Template;

/** One {@code proxy_set_header name value} line: the name as written, the value compiled at load. */
record SetHeader(String name, Template value) { }
