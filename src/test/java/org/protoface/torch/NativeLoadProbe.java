package org.protoface.torch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link NativeLoadIsolationTest}: {@link Torch#init()} as every command does,
 * then a few SGD steps of a linear regression (forward, loss, backward, optimizer step through
 * libtorch and OpenBLAS), then every file mapped into the process. Prints
 * {@code loss FIRST LAST} and one {@code mapped PATH} line per file.
 */
public final class NativeLoadProbe {
    private NativeLoadProbe() {}

    public static void main(String[] args) throws IOException {
        Torch.init();
        Torch.manualSeed(7);
        LinearImpl model = new LinearImpl(8, 1);
        SGD sgd = new SGD(model.parameters(), new SGDOptions(0.1));
        Tensor x = torch.randn(64, 8);
        Tensor target = x.matmul(torch.randn(8, 1));
        float first = Float.NaN, last = Float.NaN;
        for (int step = 0; step < 20; step++) {
            try (PointerScope scope = new PointerScope()) {
                sgd.zero_grad();
                Tensor loss = torch.mse_loss(model.forward(x), target);
                loss.backward();
                sgd.step();
                last = loss.item_float();
                if (step == 0) first = last;
            }
        }
        System.out.println("loss " + first + " " + last);
        // read here rather than through NativeLibraries, so the test does not trust the code it checks
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int path = line.indexOf('/');
            if (path >= 0) System.out.println("mapped " + line.substring(path));
        }
    }
}
