/**
 * The OCI distribution client of cip: no Maven types, no shelling out for checks.
 *
 * <ul>
 *   <li>{@link dev.cip.registry.RegistryClient}: manifest HEAD/GET, blobs, pushes, {@code inspect} for the planner;
 *       HTTPS (plain HTTP only for loopback and configured insecure registries), retries with backoff,
 *       {@code Retry-After}, bounded concurrency per registry, bearer/basic auth with a token cache.</li>
 *   <li>{@link dev.cip.registry.CredentialResolver}: settings.xml credentials, then the Docker CLI config
 *       (credHelpers, credsStore, auths).</li>
 *   <li>{@link dev.cip.registry.TemporaryDockerConfig}: hands settings.xml credentials to {@code docker} child
 *       processes through a private {@code DOCKER_CONFIG}.</li>
 *   <li>{@link dev.cip.registry.RegistryCopier}: registry-to-registry copy of all platforms.</li>
 * </ul>
 * Every failure is a {@link dev.cip.registry.RegistryException} naming the registry and repository and saying what
 * to do; credentials never appear in messages or {@code toString()}.
 */
package dev.cip.registry;
