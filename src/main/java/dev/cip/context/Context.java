package dev.cip.context;

import dev.cip.dockerfile.ParsedDockerfile;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * One build context: a direct sub-directory of {@code contexts/} holding a Dockerfile and an info.edn.
 *
 * @param directoryName the directory's name, e.g. {@code 01-base-dev}
 * @param imageName     the image name, e.g. {@code base-dev}
 * @param prefix        the numeric prefix, when the name has one
 * @param directory     the context directory
 * @param info          what info.edn says
 * @param dockerfile    the parsed Dockerfile
 */
public record Context(String directoryName, String imageName, OptionalInt prefix, Path directory, ImageInfo info,
                      ParsedDockerfile dockerfile) {

    public Path dockerfilePath() {
        return directory.resolve(ProjectScanner.DOCKERFILE);
    }

    public Path infoPath() {
        return directory.resolve(ProjectScanner.INFO_EDN);
    }

    public String version() {
        return info.version();
    }
}
