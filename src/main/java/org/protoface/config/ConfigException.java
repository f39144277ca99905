package org.protoface.config;

/** A configuration that cannot be used; the message names the file, section or key. */
public class ConfigException extends IllegalArgumentException {
    /** @param message one line naming the file, section or key and what is wrong with it */
    public ConfigException(String message) {
        super(message);
    }
}
