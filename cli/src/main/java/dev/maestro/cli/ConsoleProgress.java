package dev.maestro.cli;

import dev.maestro.core.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;

/**
 * {@link Progress} drawn as console bars (count, rate, ETA) on a stream, usually stderr so stdout stays
 * parseable. Each task's bar stays on screen when it finishes, as a record of what ran.
 */
final class ConsoleProgress implements Progress {

    private final PrintStream stream;

    ConsoleProgress(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public Task start(String name, long total, String unit) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(stream, 140))
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250)
                .build();
        return new Task() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void message(String text) {
                bar.setExtraMessage(" " + (text.length() > 40 ? text.substring(0, 37) + "..." : text));
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
