package org.protoface.data.io;

import org.protoface.data.MalformedDataException;

/**
 * Settles the exact InsightFace record layout when its float32 labels were rounded.
 *
 * <p>Record 0's [a, b) and every identity's [start, end) are stored as float32, so on sets with
 * more than 2^24 images (Glint360K, WebFace42M) a stored boundary stands for any of a few keys. The
 * file itself says which: the image labels change where one identity ends and the next begins,
 * identity records carry a header but no image, and the index ends at b. Each rounded boundary is
 * settled by reading the headers of the few keys that round to it; exact boundaries cost nothing.
 */
final class RangeBoundaryResolver {
    /** What the resolver needs to read from the file. */
    interface Records {
        boolean exists(long key);

        /** Whether the record holds a header and no image, as InsightFace's identity records do. */
        boolean isIdentityRecord(long key) throws MalformedDataException;

        /** The first label of an image record. */
        float imageLabel(long key) throws MalformedDataException;

        /** Names the file in error messages. */
        String describe();
    }

    private final Records records;
    private final RoundedKeys rounding;
    private long headersRead;
    private long roundedBoundaries;

    RangeBoundaryResolver(Records records, RoundedKeys rounding) {
        this.records = records;
        this.rounding = rounding;
    }

    /** Record 0's a: the key of the first identity record (image keys are 1..a-1). */
    long firstIdentityKey(long stored) throws MalformedDataException {
        if (rounding.isExact(stored)) return stored;
        roundedBoundaries++;
        for (long k = rounding.lowestCandidate(stored); k <= rounding.highestCandidate(stored); k++) {
            if (rounding.round(k) != stored || !records.exists(k) || !identityRecord(k)) continue;
            if (k <= 1 || !records.exists(k - 1) || !identityRecord(k - 1)) return k;
        }
        throw new MalformedDataException(records.describe() + " record 0: no key that rounds to a=" + stored
                + " starts the identity records (records with a header and no image)");
    }

    /** Record 0's b: one past the last identity record, where the index ends. */
    long endOfKeys(long stored) throws MalformedDataException {
        if (rounding.isExact(stored)) return stored;
        roundedBoundaries++;
        for (long k = Math.max(1, rounding.lowestCandidate(stored)); k <= rounding.highestCandidate(stored); k++) {
            if (rounding.round(k) == stored && records.exists(k - 1) && !records.exists(k)) return k;
        }
        throw new MalformedDataException(records.describe() + " record 0: the index does not end at a key that rounds to b="
                + stored);
    }

    /**
     * The first image key of an identity whose stored start differs from the previous identity's
     * stored end (a gap in the ranges): the first key, at or after {@code previousEnd}, that rounds to
     * {@code stored} and where the image label changes.
     */
    long start(long previousEnd, long stored, long imagesEnd, long identityRecordKey) throws MalformedDataException {
        if (rounding.isExact(stored)) return stored;
        roundedBoundaries++;
        long from = Math.max(previousEnd, rounding.lowestCandidate(stored));
        long to = Math.min(imagesEnd - 1, rounding.highestCandidate(stored));
        for (long k = from; k <= to; k++) {
            if (rounding.round(k) != stored) continue;
            if (k == previousEnd || label(k) != label(k - 1)) return k;
        }
        throw new MalformedDataException(records.describe() + " identity record " + identityRecordKey
                + ": no image label changes near its rounded start " + stored);
    }

    /**
     * One past an identity's last image key: the first key after {@code start} that rounds to
     * {@code stored} and either ends the images or carries another label than the identity's first
     * image. Keys before the true end carry the identity's label, so the first such key is the end.
     */
    long end(long start, long stored, long imagesEnd, long identityRecordKey) throws MalformedDataException {
        if (rounding.isExact(stored)) return stored;
        roundedBoundaries++;
        float own = label(start);
        long from = Math.max(start + 1, rounding.lowestCandidate(stored));
        long to = Math.min(imagesEnd, rounding.highestCandidate(stored));
        for (long k = from; k <= to; k++) {
            if (rounding.round(k) != stored) continue;
            if (k == imagesEnd || label(k) != own) return k;
        }
        throw new MalformedDataException(records.describe() + " identity record " + identityRecordKey + ": its images (label "
                + own + ", from key " + start + ") do not end at a key that rounds to " + stored);
    }

    /** Boundaries that were rounded and settled by reading headers. */
    long roundedBoundaries() {
        return roundedBoundaries;
    }

    /** Record headers read to settle them. */
    long headersRead() {
        return headersRead;
    }

    private boolean identityRecord(long key) throws MalformedDataException {
        headersRead++;
        return records.isIdentityRecord(key);
    }

    private float label(long key) throws MalformedDataException {
        headersRead++;
        return records.imageLabel(key);
    }
}
