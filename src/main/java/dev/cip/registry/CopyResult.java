package dev.cip.registry;

/**
 * What a {@link RegistryCopier#copy} did.
 *
 * @param digest          digest of the copied top manifest (index or single manifest)
 * @param mediaType       its media type
 * @param manifestsPushed manifests written to the target (children by digest plus one per tag)
 * @param blobsSent       blobs uploaded
 * @param blobsSkipped    blobs the target already had
 * @param blobsMounted    blobs mounted from another repository of the same registry
 * @param bytesSent       bytes of uploaded blobs
 */
public record CopyResult(String digest, String mediaType, int manifestsPushed, int blobsSent, int blobsSkipped,
                         int blobsMounted, long bytesSent) {
}
