package dev.agentplane.execution.llm;

/** Receives a streamed model answer: text chunks in order, then exactly one completion or failure. */
interface StreamSink {
    void onText(String chunk);

    void onComplete(LlmResult result);

    void onError(LlmFailure failure);
}
