package org.protoface.data.io;

/** Which record keys hold the images of each identity of a RecordIO set. */
interface IdentityTable {
    int identityCount();

    int imageCount(int identity);

    long imageKey(int identity, int index);

    long totalImages();
}
