package dev.cip.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge: {@code Bearer realm="…",service="…",scope="…"} or
 * {@code Basic realm="…"}.
 *
 * @param scheme lower-case scheme ({@code bearer}, {@code basic})
 * @param params parameters, keys lower case
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    AuthChallenge {
        params = Map.copyOf(params);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    String param(String name) {
        return params.get(name);
    }

    /** Parses every challenge in the given header values (a value may hold several, comma separated). */
    static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String v : headerValues) {
            parseInto(v, out);
        }
        return out;
    }

    private static void parseInto(String s, List<AuthChallenge> out) {
        int i = 0;
        int n = s.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String token = s.substring(start, i);
            if (token.isEmpty()) {
                break;
            }
            int j = i;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j < n && s.charAt(j) == '=' && scheme != null) {
                i = j + 1;
                while (i < n && s.charAt(i) == ' ') {
                    i++;
                }
                String value;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(s.charAt(i++));
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ') {
                        i++;
                    }
                    value = s.substring(vs, i);
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
    }
}
