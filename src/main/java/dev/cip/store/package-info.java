/**
 * The {@link dev.cip.plan.ImageStore} implementations the planner is given: {@link dev.cip.store.RegistryImageStore}
 * (manifest {@code HEAD}s, and platforms and fingerprints read by {@link dev.cip.store.PublishedImageReader}, cached
 * per digest in {@link dev.cip.store.SummaryCache}) and {@link dev.cip.store.LocalImageStore} (the local Docker image
 * store, for {@code cip:build}). The plan package defines what a store answers; this one knows how to ask.
 */
package dev.cip.store;
