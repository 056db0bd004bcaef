package dev.agentplane.execution.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Body of execute/batch: up to 100 items, each a key and a message; variables apply to every item. */
public record BatchRequest(
        @NotNull @Size(min = 1, max = 100, message = "must have 1 to 100 items") List<@Valid @NotNull Item> items,
        Map<String, Object> variables) {

    /** One message to run, named by the caller's key. */
    public record Item(@NotBlank @Size(max = 128) String key,
                       @NotBlank @Size(max = 65_536, message = "must be 1 to 65,536 characters") String message) {
    }
}
