package dev.pier.http.location;

import java.util.regex.MatchResult;

/** The location a URI chose and, when a regex chose it, the match whose groups become $1..$9 and named captures. */
public record LocationMatch(Location location, MatchResult captures) { }
