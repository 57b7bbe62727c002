/**
 * Goals that move finished images around instead of building them, free of Maven types:
 * {@link dev.cip.mirror.RegistryMirror} copies every project image from one registry to another (all platforms,
 * through {@link dev.cip.registry.RegistryCopier}); {@link dev.cip.mirror.LatestPuller} pulls each image present in
 * a registry into the local Docker store and tags it {@code latest}.
 */
package dev.cip.mirror;
