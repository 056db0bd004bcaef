package dev.agentplane.kit.data;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import io.quarkus.panache.common.Sort;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The page, limit, sort and order query parameters every list endpoint takes, checked once here. */
public record PageRequest(int page, int limit, String sort, String order) {
    public static final int MAX_LIMIT = 100;

    /** Validates raw query values against the fields the endpoint may sort by (the first is the default). */
    public static PageRequest of(Integer page, Integer limit, String sort, String order, List<String> sortable) {
        List<FieldError> errors = new ArrayList<>();
        int p = page == null ? 1 : page;
        int l = limit == null ? 20 : limit;
        String s = sort == null || sort.isBlank() ? sortable.get(0) : sort;
        String o = order == null || order.isBlank() ? "desc" : order.toLowerCase(java.util.Locale.ROOT);
        if (p < 1) {
            errors.add(new FieldError("page", "must be 1 or more"));
        }
        if (l < 1 || l > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (!sortable.contains(s)) {
            errors.add(new FieldError("sort", "must be one of " + sortable));
        }
        if (!Set.of("asc", "desc").contains(o)) {
            errors.add(new FieldError("order", "must be asc or desc"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid pagination parameters.", errors);
        }
        return new PageRequest(p, l, s, o);
    }

    /** A Panache sort on the entity property for the API field, with id as a stable tie-breaker. */
    public Sort toSort(java.util.function.Function<String, String> propertyOf) {
        Sort.Direction direction = "asc".equals(order) ? Sort.Direction.Ascending : Sort.Direction.Descending;
        return Sort.by(propertyOf.apply(sort), direction).and("id", direction);
    }
}
