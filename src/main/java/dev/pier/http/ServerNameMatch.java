package dev.pier.http;

import java.util.regex.MatchResult;

/** The server a Host chose, and the regex match when a {@code ~regex} server name chose it (for named captures). */
public record ServerNameMatch(VirtualServer server, MatchResult captures) { }
