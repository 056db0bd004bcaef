package dev.agentplane.execution.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;

/**
 * The tokens a call may use, as providers count them against a token rate limit before it runs: the prompt
 * (about four characters a token) and the most it may answer.
 */
final class TokenEstimate {
    private static final int PER_MESSAGE = 4;

    private TokenEstimate() {
    }

    static int of(List<ChatMessage> messages, Integer maxTokens) {
        long chars = 0;
        for (ChatMessage message : messages) {
            chars += text(message).length() + PER_MESSAGE * 4L;
        }
        long tokens = (chars + 3) / 4 + (maxTokens == null ? 0 : maxTokens);
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    private static String text(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        if (message instanceof AiMessage ai) {
            return ai.text() == null ? "" : ai.text();
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return result.text() == null ? "" : result.text();
        }
        if (message instanceof UserMessage user) {
            StringBuilder text = new StringBuilder();
            for (Content content : user.contents()) {
                if (content instanceof TextContent t) {
                    text.append(t.text());
                }
            }
            return text.toString();
        }
        return "";
    }
}
