package dev.debugd.memory;

/** Turns a text into its embedding (384 numbers for MiniLM); the same text always gives the same vector. */
public interface Embeddings {

    /** The dimensions of every vector this gives. */
    int dimensions();

    float[] embed(String text);
}
