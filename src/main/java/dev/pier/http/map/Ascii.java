package dev.pier.http.map;

/** nginx's ngx_tolower: only A-Z change, whatever the locale or the byte. */
final class Ascii {
    private Ascii() { }

    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = s.toCharArray();
                for (int j = i; j < out.length; j++) {
                    if (out[j] >= 'A' && out[j] <= 'Z') {
                        out[j] = (char) (out[j] + 32);
                    }
                }
                return new String(out);
            }
        }
        return s;
    }
}
