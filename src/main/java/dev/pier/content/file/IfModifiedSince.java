package dev.pier.content.file;

/** {@code if_modified_since off | exact | before}: how nginx compares If-Modified-Since with the file's mtime. */
public enum IfModifiedSince { OFF, EXACT, BEFORE }
