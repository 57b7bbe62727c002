package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag endpoints of the distribution API, on top of a {@link RegistryClient} (its auth, retries and permits):
 * {@code GET /v2/<repo>/tags/list} with {@code Link} pagination, and {@code DELETE /v2/<repo>/manifests/<tag>}
 * (OCI distribution 1.1 tag deletion, which older registries refuse).
 */
public final class RegistryTags {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
    /** Tags asked for per page; registries may send fewer and say where the next page is. */
    static final int PAGE = 1000;

    /** What a tag deletion did. */
    public enum Deletion {
        /** The registry removed the tag (202). */
        DELETED,
        /** The tag was not there (404). */
        ABSENT,
        /** The registry does not delete by tag (distribution 2.x: 400, 405 with UNSUPPORTED). */
        UNSUPPORTED
    }

    private final RegistryClient client;

    public RegistryTags(RegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Every tag of a repository, in the registry's order, following {@code Link: <…>; rel="next"} pages.
     *
     * @return empty when the repository does not exist
     */
    public List<String> list(String registry, String name) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = reg.repository(name);
        List<String> tags = new ArrayList<>();
        RegistryClient.Call c = new RegistryClient.Call("GET", reg, repo, "/v2/" + repo + "/tags/list?n=" + PAGE)
                .scopes(RegistryClient.pull(repo));
        for (int page = 0; c != null; page++) {
            if (page > 100_000) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                        "registry " + reg.host() + " keeps sending pages of tags of " + repo);
            }
            RegistryClient.Call call = c;
            Optional<String> next = client.execute(call, resp -> {
                if (resp.statusCode() == 404) {
                    RegistryClient.drain(resp);
                    return Optional.<String>empty();
                }
                client.expect(call, resp, 200);
                byte[] body = RegistryClient.readBody(call, resp);
                try {
                    JsonNode tagsNode = JSON.readTree(body).path("tags");
                    if (tagsNode.isArray()) {
                        tagsNode.forEach(t -> tags.add(t.asText()));
                    }
                } catch (IOException e) {
                    throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                            "registry " + reg.host() + " sent a tag list of " + repo + " that is not JSON");
                }
                return resp.headers().firstValue("Link").flatMap(RegistryTags::nextLink);
            });
            if (next.isEmpty()) {
                c = null;
            } else {
                URI uri = URI.create(next.get());
                String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                if (!path.startsWith("/v2/" + repo + "/tags/list")) {
                    throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                            "registry " + reg.host() + " sent a next page outside " + repo + ": " + next.get());
                }
                c = new RegistryClient.Call("GET", reg, repo, path).scopes(RegistryClient.pull(repo));
            }
        }
        return List.copyOf(tags);
    }

    /**
     * {@code DELETE /v2/<repo>/manifests/<tag>}: removes the tag only, never the manifest (OCI distribution 1.1).
     * Registries without tag deletion answer 400 or 405, which gives {@link Deletion#UNSUPPORTED}; nothing is
     * changed then.
     */
    public Deletion delete(String registry, String name, String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag + "'");
        }
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = reg.repository(name);
        RegistryClient.Call c = new RegistryClient.Call("DELETE", reg, repo, "/v2/" + repo + "/manifests/" + tag)
                .scopes("repository:" + repo + ":delete");
        return client.execute(c, resp -> {
            int status = resp.statusCode();
            if (status == 202 || status == 200 || status == 204) {
                RegistryClient.drain(resp);
                return Deletion.DELETED;
            }
            if (status == 404) {
                RegistryClient.drain(resp);
                return Deletion.ABSENT;
            }
            if (status == 400 || status == 405 || status == 501) {
                RegistryClient.drain(resp);
                return Deletion.UNSUPPORTED;
            }
            client.expect(c, resp, 202);
            return Deletion.DELETED;
        });
    }

    static Optional<String> nextLink(String header) {
        Matcher m = NEXT.matcher(header);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
