package dev.agentplane.attachments.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where attachment bytes live, addressed by storage key; chosen by configuration, never by code. */
public interface ObjectStorage {

    /** Stores the file under the key; the source file is left to the caller (it may be moved away). */
    void put(String key, Path source, String contentType) throws IOException;

    /** Opens the object for reading; {@link java.nio.file.NoSuchFileException} when it is missing. */
    InputStream open(String key) throws IOException;

    /** Removes the object; a missing object is not an error. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;
}
