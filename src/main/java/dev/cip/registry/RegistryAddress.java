package dev.cip.registry;

import dev.cip.failure.InvalidSetting;
import dev.cip.oci.Names;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registry value as the user writes it: {@code host[:port]} plus an optional path prefix
 * ({@code registry.example.com/team/images}). The prefix goes after {@code /v2/}: {@code host/team} + {@code app}
 * is the repository {@code team/app}.
 *
 * @param host       host and optional port, e.g. {@code localhost:5000}, {@code [::1]:5000}
 * @param pathPrefix the path prefix without leading or trailing slash; empty when there is none
 */
public record RegistryAddress(String host, String pathPrefix) {

    private static final Pattern HOST = Pattern.compile(
            "(?:\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)"
                    + "(?::[0-9]{1,5})?");

    public RegistryAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
    }

    /** Parses {@code host[:port][/path/prefix]}; a scheme ({@code https://}) and trailing slashes are tolerated. */
    public static RegistryAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSetting("registry must not be empty");
        }
        String v = value.trim();
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            v = v.substring(scheme + 3);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        int slash = v.indexOf('/');
        String host = slash < 0 ? v : v.substring(0, slash);
        String prefix = slash < 0 ? "" : v.substring(slash + 1);
        if (!HOST.matcher(host).matches()) {
            throw new InvalidSetting("invalid registry host '" + host + "' in '" + value + "'");
        }
        if (!prefix.isEmpty()) {
            for (String c : prefix.split("/", -1)) {
                if (!Names.isNameComponent(c)) {
                    throw new InvalidSetting("invalid path component '" + c + "' in registry '" + value
                            + "' (must match [a-z0-9]+([._-][a-z0-9]+)*)");
                }
            }
        }
        return new RegistryAddress(host, prefix);
    }

    /** The repository path for an image name: the prefix (if any), a slash, the name. */
    public String repository(String name) {
        Objects.requireNonNull(name, "name");
        String n = name;
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return pathPrefix.isEmpty() ? n : pathPrefix + "/" + n;
    }

    /** The host name without port or brackets, lower case. */
    public String hostname() {
        String h = host;
        if (h.startsWith("[")) {
            return h.substring(1, h.indexOf(']')).toLowerCase(Locale.ROOT);
        }
        int colon = h.lastIndexOf(':');
        return (colon < 0 ? h : h.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** The port, or -1 when the value names none. */
    public int port() {
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (colon < 0 || colon < close) {
            return -1;
        }
        return Integer.parseInt(host.substring(colon + 1));
    }

    /**
     * True for {@code localhost}, {@code 127.0.0.0/8} and {@code [::1]}: plain HTTP is allowed there. Other names
     * under {@code .localhost} are not: whether they resolve to loopback depends on the resolver (glibc without
     * nss-myhostname asks DNS), so they need an insecure-registry entry like any other host.
     */
    public boolean isLoopback() {
        String h = hostname();
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        return h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }

    @Override
    public String toString() {
        return pathPrefix.isEmpty() ? host : host + "/" + pathPrefix;
    }
}
