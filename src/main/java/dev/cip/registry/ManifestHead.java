package dev.cip.registry;

/**
 * What a manifest {@code HEAD} tells.
 *
 * @param digest    from {@code Docker-Content-Digest}
 * @param mediaType from {@code Content-Type}
 * @param size      from {@code Content-Length}; -1 when absent
 */
public record ManifestHead(String digest, String mediaType, long size) {
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }
}
