package dev.debugd.memory.store;

import dev.debugd.memory.Embeddings;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * MiniLM (all-MiniLM-L6-v2, 384 dimensions) in-process through langchain4j, which ships the model: no network, the
 * same vector for the same text. Loaded once per process, when first asked (about a second and 90 MB).
 */
public final class MiniLmEmbeddings implements Embeddings {

    private static final class Holder {
        static final AllMiniLmL6V2EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    }

    private static final MiniLmEmbeddings SHARED = new MiniLmEmbeddings();

    private MiniLmEmbeddings() {}

    public static MiniLmEmbeddings shared() {
        return SHARED;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return Holder.MODEL.embed(text).content().vector();
    }
}
