package dev.agentplane.kit.ratelimit;

/** Requests allowed per minute and per day; a negative number means unlimited. */
public record TierLimits(long perMinute, long perDay) {
    public static final TierLimits UNLIMITED = new TierLimits(-1, -1);

    public boolean unlimited() {
        return perMinute < 0 && perDay < 0;
    }

    /** The form stored in Redis: {@code "<per minute>:<per day>"}. */
    public String encode() {
        return perMinute + ":" + perDay;
    }

    public static TierLimits decode(String value) {
        String[] parts = value.split(":");
        return new TierLimits(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip()));
    }
}
