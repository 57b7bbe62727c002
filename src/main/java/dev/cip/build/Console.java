package dev.cip.build;

/** Where the core reports progress; the Maven adapter maps it to the Mojo log. */
public interface Console {
    void info(String line);

    void warn(String line);
}
