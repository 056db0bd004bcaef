package dev.agentplane.sessions.support;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Bean Validation for bodies parsed by hand, reporting fields by their JSON (snake_case) names. */
@ApplicationScoped
public class Checks {
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Inject
    Validator validator;

    public void require(Object body, List<FieldError> more) {
        List<FieldError> errors = new ArrayList<>(more);
        validator.validate(body).forEach(v -> errors.add(
                new FieldError(SNAKE.translate(v.getPropertyPath().toString()), v.getMessage())));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw ApiException.invalid("The request has invalid fields.", errors);
        }
    }
}
