package dev.agentplane.kit.data;

import io.quarkus.hibernate.orm.panache.PanacheQuery;

import java.util.List;
import java.util.function.Function;

/** One page of a list response: the items and a pagination object. */
public record Page<T>(List<T> items, Pagination pagination) {

    public record Pagination(int page, int limit, long total, int totalPages, boolean hasMore) {
    }

    public static <E, T> Page<T> of(PanacheQuery<E> query, PageRequest request, Function<E, T> toDto) {
        long total = query.count();
        List<T> items = query.page(request.page() - 1, request.limit()).list().stream().map(toDto).toList();
        int totalPages = (int) ((total + request.limit() - 1) / request.limit());
        return new Page<>(items, new Pagination(request.page(), request.limit(), total, totalPages,
                request.page() < totalPages));
    }
}
