package dev.agentplane.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A JSON string (or member name) the platform refuses (see {@link TextRules}). A mapping exception, so that
 * Jackson adds the path of the field as it unwinds; the problem mapper answers 400 naming that field.
 */
public class UnacceptableTextException extends JsonMappingException {
    private final String rule;

    public UnacceptableTextException(JsonParser parser, String rule) {
        super(parser, rule);
        this.rule = rule;
    }

    /** The rule broken, without location ("must not contain a NUL character ..."). */
    public String rule() {
        return rule;
    }
}
