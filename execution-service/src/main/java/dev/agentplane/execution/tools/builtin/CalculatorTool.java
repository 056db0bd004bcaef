package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import net.objecthunter.exp4j.ExpressionBuilder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code calculator}: arithmetic parsed and evaluated by exp4j (a parser: no code is ever evaluated). */
@ApplicationScoped
public class CalculatorTool extends BuiltinTool {
    static final int MAX_LENGTH = 1000;

    @Override
    protected String name() {
        return "calculator";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String expression = text(arguments, "expression");
        if (expression == null || expression.isEmpty()) {
            return ToolResult.error(call, "Give an expression, e.g. {\"expression\": \"(2 + 3) * 4\"}.");
        }
        if (expression.length() > MAX_LENGTH) {
            return ToolResult.error(call, "The expression is longer than " + MAX_LENGTH + " characters.");
        }
        double value;
        try {
            value = new ExpressionBuilder(expression).implicitMultiplication(false).build().evaluate();
        } catch (ArithmeticException e) {
            return ToolResult.error(call, "Cannot evaluate '" + expression + "': " + e.getMessage() + ".");
        } catch (RuntimeException e) {
            return ToolResult.error(call, "'" + expression + "' is not a valid expression: " + e.getMessage());
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return ToolResult.error(call, "'" + expression + "' has no finite value.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("expression", expression);
        answer.put("result", number(value));
        return ToolResult.ok(call, json(answer));
    }

    /** Whole numbers without a fraction (20, not 20.0); others with the shortest exact decimal. */
    static Number number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return new BigDecimal(Double.toString(value));
    }
}
