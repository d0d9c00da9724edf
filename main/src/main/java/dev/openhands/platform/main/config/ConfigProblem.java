package dev.openhands.platform.main.config;

/**
 * One thing wrong with an environment file.
 *
 * @param file    the file, as the user named it
 * @param path    the field, as a JSON path such as {@code network.privateSubnetCidrs[1]} ({@code $} for the root)
 * @param message what is wrong
 * @param fix     what to write instead
 */
public record ConfigProblem(String file, String path, String message, String fix) {

    @Override
    public String toString() {
        return file + ": " + path + ": " + message + " Fix: " + fix;
    }
}
