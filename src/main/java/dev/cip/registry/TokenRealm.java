package dev.cip.registry;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a registry's {@code Bearer} challenge may send cip for a token. A registry names the realm, so it could aim
 * cip at internal addresses (cloud metadata services answer a plain GET with credentials of their own). Refused:
 * schemes other than HTTP(S); plain HTTP except to loopback and hosts configured as insecure; cloud metadata names;
 * link-local and unspecified addresses, whether written in the realm or what its host name resolves to.
 */
final class TokenRealm {
    /** Host names of cloud metadata services (lower case, no trailing dot). */
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** Resolves a host name to its addresses; the JDK's resolver outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private TokenRealm() {
    }

    /**
     * The realm as a URI, or a {@link RegistryException} (kind AUTH) naming the registry and the realm and saying
     * why it is refused. Resolves the realm's host once; a name that does not resolve is left for the request to
     * report.
     */
    static URI check(RegistryAddress reg, String realm, Predicate<RegistryAddress> allowsPlainHttp,
                     Resolver resolver) {
        String host = reg.host();
        if (realm == null || realm.isBlank()) {
            throw refused(host, "asked for a bearer token but named no realm");
        }
        URI uri;
        try {
            uri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw refused(host, "named an invalid token realm");
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getHost() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw refused(host, "named an invalid token realm " + ExternalText.clean(realm));
        }
        String shown = ExternalText.clean(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        String realmHost = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String name = realmHost.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_NAMES.contains(name)) {
            throw refused(host, "named the token realm " + shown + ", a cloud metadata service; cip fetches no "
                    + "token there (the registry or a proxy in front of it is misconfigured or hostile)");
        }
        if (uri.getScheme().equals("http") && !allowsPlainHttp.test(RegistryAddress.parse(uri.getRawAuthority()))) {
            throw refused(host, "named the token realm " + shown + " on plain HTTP; cip fetches tokens over plain "
                    + "HTTP only from loopback and from hosts configured as insecure registries");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(realmHost);
        } catch (UnknownHostException e) {
            return uri;
        }
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || isEc2Metadata(a)) {
                String at = name.equals(a.getHostAddress()) ? "" : " (" + a.getHostAddress() + ")";
                throw refused(host, "named the token realm " + shown + at + " on a link-local or cloud metadata "
                        + "address; cip fetches no token there (the registry or a proxy in front of it is "
                        + "misconfigured or hostile)");
            }
        }
        return uri;
    }

    /** AWS's IPv6 metadata address, fd00:ec2::254 (unique-local, not link-local). */
    private static boolean isEc2Metadata(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        byte[] ec2 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return Arrays.equals(b, ec2);
    }

    private static RegistryException refused(String host, String why) {
        return new RegistryException(RegistryException.Kind.AUTH, host, null, 401, "registry " + host + " " + why);
    }
}
