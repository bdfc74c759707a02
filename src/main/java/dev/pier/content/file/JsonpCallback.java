package dev.pier.content.file;

/** The {@code callback} argument of an autoindex_format jsonp request, undecoded, checked as nginx does. */
final class JsonpCallback {
    private JsonpCallback() { }

    /** The callback name ("" when absent), or null when it holds characters nginx refuses. */
    static String of(String args) {
        String value = "";
        if (args != null) {
            for (String pair : args.split("&")) {
                if (pair.startsWith("callback=")) {
                    value = pair.substring(9);
                    break;
                }
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
                return null;
            }
        }
        return value;
    }
}
