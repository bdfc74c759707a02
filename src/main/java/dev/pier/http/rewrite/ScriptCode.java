package dev.pier.http.rewrite;

/** One instruction of a compiled rewrite script (nginx's script codes): runs and says where the script goes on. */
@FunctionalInterface
interface ScriptCode {
    /** The script stops: a {@code return}, a {@code break}, a rewrite with a flag, a finished response. */
    int EXIT = -1;

    /** Runs the code at {@code ip}; returns the index of the next code or {@link #EXIT}. */
    int run(ScriptRun run, int ip);
}
