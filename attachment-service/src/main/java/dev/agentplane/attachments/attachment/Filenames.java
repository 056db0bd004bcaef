package dev.agentplane.attachments.attachment;

/** Makes client-supplied names safe to store, show and put in a Content-Disposition header. */
final class Filenames {
    private static final int MAX = 255;

    private Filenames() {
    }

    /** The last path segment without control characters or quotes, at most 255 characters. */
    static String clean(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "upload";
        }
        if (name.length() <= MAX) {
            return name;
        }
        // never keep half of a surrogate pair (an emoji cut in two): PostgreSQL would store it as '?'
        int start = name.length() - MAX;
        return Character.isLowSurrogate(name.charAt(start)) ? name.substring(start + 1) : name.substring(start);
    }

    /** A workspace id as one path segment of a storage key. */
    static String safeSegment(String value) {
        return value == null ? "_" : value.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
