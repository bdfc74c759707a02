package dev.pier.http.codec;

/** A request the decoder could not accept: the status nginx answers and its error-log wording. */
public record Http1DecodeError(int status, String reason, boolean requestLineParsed, String method, String uri) { }
