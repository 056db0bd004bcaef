package dev.agentplane.registry.validation;

/** Builds RFC 6901 JSON pointers into the request body. */
public record Pointer(String path) {
    public static final Pointer ROOT = new Pointer("");

    public Pointer at(String member) {
        return new Pointer(path + "/" + member.replace("~", "~0").replace("/", "~1"));
    }

    public Pointer at(int index) {
        return new Pointer(path + "/" + index);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? "/" : path;
    }
}
