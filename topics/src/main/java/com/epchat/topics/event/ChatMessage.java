package com.epchat.topics.event;

/** One turn of a conversation as the client sent it: {@code role} is system, user or assistant. */
public record ChatMessage(String role, String content) {

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
