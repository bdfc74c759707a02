package dev.pier.http.map;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;

/** The value of a map entry: text, or a template rendered when the entry is chosen (nginx's complex value). */
final class MapValue {
    static final MapValue EMPTY = new MapValue(null, "");

    private final Template template;
    private final String text;

    private MapValue(Template template, String text) {
        this.template = template;
        this.text = text;
    }

    /** Compiles {@code value}; an {@link IllegalArgumentException} carries nginx's wording for a bad variable. */
    static MapValue compile(String value) {
        Template t = Template.compile(value);
        return t.isConstant() ? new MapValue(null, value) : new MapValue(t, value);
    }

    String render(HttpExchange ex) { return template == null ? text : template.render(ex); }

    @Override public String toString() { return text; }
}
