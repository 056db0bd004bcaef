package dev.agentplane.knowledge.store;

import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How a knowledge base compares vectors (seed 001's Milvus {@code metric_type}). {@code score} is always "higher is
 * better", so one {@code min_score} threshold and one merge order serve every metric.
 */
public enum Metric {
    /** Cosine similarity, -1 to 1; vectors are normalised when stored and queried. */
    COSINE(VectorSimilarityFunction.DOT_PRODUCT),
    /** Inner product of the vectors as the model gives them (unbounded). */
    IP(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT),
    /** Euclidean distance d, shown as the score 1 / (1 + d²) (0 to 1) and as {@code distance}. */
    L2(VectorSimilarityFunction.EUCLIDEAN);

    private final VectorSimilarityFunction lucene;

    Metric(VectorSimilarityFunction lucene) {
        this.lucene = lucene;
    }

    VectorSimilarityFunction lucene() {
        return lucene;
    }

    /** The vector as it is stored and compared: unit length for COSINE, as given otherwise. */
    public float[] prepare(float[] v) {
        if (this != COSINE) {
            return v;
        }
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0) {
            return v;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** This metric's score from Lucene's (which maps every similarity to a non-negative number). */
    float score(float lucene) {
        return switch (this) {
            case COSINE -> 2 * lucene - 1;
            case IP -> lucene < 1 ? 1 - 1 / lucene : lucene - 1;
            case L2 -> lucene;
        };
    }

    /** The Euclidean distance behind an L2 score; null for the other metrics. */
    public Double distance(double score) {
        return this == L2 && score > 0 ? Math.sqrt(Math.max(0, 1 / score - 1)) : null;
    }

    /** This metric's score of two prepared vectors, exactly (what the index approximates). */
    public float exact(float[] a, float[] b) {
        return score(lucene.compare(a, b));
    }
}
