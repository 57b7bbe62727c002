/**
 * The OCI distribution client of cip: no Maven types, no Maven words, no shelling out for checks.
 *
 * <ul>
 *   <li>{@link dev.cip.registry.RegistryClient}: the shared part (connections, credentials, tokens, scheme choice)
 *       and {@link dev.cip.registry.RegistryClient#at(String, String)}, the API of one repository
 *       ({@link dev.cip.registry.RepositoryClient}: manifest check/pull/push/delete, tags, blob
 *       check/pull/push/mount). Inside: {@code RegistryTransport} (retries, redirects, 401s, permits, credentials
 *       only to the registry's own origin), {@code SchemeResolver} (HTTPS, or plain HTTP for loopback and insecure
 *       registries after a probe), {@code Authenticator} (challenges, tokens; given an exchange, not the client),
 *       one class per endpoint, {@code RegistryResponse} (every body capped and read with a deadline),
 *       {@code RegistryErrors} (every message, ending with the caller's {@link dev.cip.registry.RegistryHints}),
 *       {@link dev.cip.registry.RegistryOptions}.</li>
 *   <li>{@link dev.cip.registry.CredentialResolver}: explicit (settings.xml) credentials, then the Docker CLI
 *       config (credHelpers, credsStore, auths).</li>
 *   <li>{@link dev.cip.registry.TemporaryDockerConfig}: hands explicit credentials to {@code docker} child
 *       processes through a private {@code DOCKER_CONFIG}.</li>
 *   <li>{@link dev.cip.registry.RegistryCopier}: registry-to-registry copy of all platforms.</li>
 * </ul>
 * Every failure is a {@link dev.cip.registry.RegistryException} naming the registry and repository and saying what
 * to do; credentials never appear in messages or {@code toString()}; text from registries and helpers is cleaned
 * ({@link dev.cip.registry.ExternalText}) before it reaches a message.
 */
package dev.cip.registry;
