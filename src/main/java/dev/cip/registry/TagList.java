package dev.cip.registry;

import dev.cip.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.oci.Names;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<repo>/tags/list}, following the {@code Link: <…>; rel="next"} pages. Each page is capped like a
 * manifest; tags that are not valid tags are dropped.
 */
final class TagList {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 1000;

    private TagList() {
    }

    /** The tags of the repository, in the registry's order; empty when the repository does not exist. */
    static List<String> tags(RepositoryBinding t) {
        List<String> all = new ArrayList<>();
        RegistryRequest c = t.request("GET", "/tags/list?n=1000").withScopes(RegistryRequest.pull(t.repository()));
        for (int page = 0; c != null && page < MAX_PAGES; page++) {
            RegistryRequest request = c;
            Optional<String> next = t.exchange().send(request, resp -> {
                if (!resp.found()) {
                    return Optional.<String>empty();
                }
                byte[] bytes = resp.bytes(t.options().limits().manifest(), "the tag list of " + t.repository());
                try {
                    JsonNode n = Json.mapper().readTree(bytes);
                    for (JsonNode tag : n.path("tags")) {
                        if (Names.isTag(tag.asText())) {
                            all.add(tag.asText());
                        }
                    }
                } catch (IOException e) {
                    throw resp.errors().invalid(request, 200, "registry " + t.host() + " sent a tag list for "
                            + t.repository() + " that is not JSON");
                }
                return resp.header("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
            });
            c = next.map(link -> link.startsWith("/v2/" + t.repository() + "/tags/list")
                    ? RegistryRequest.to("GET", t.registry(), t.repository(), link)
                    .withScopes(RegistryRequest.pull(t.repository())) : null).orElse(null);
        }
        return List.copyOf(all);
    }
}
