// BlockWriter: the writer thread of a streamed upload. Blocks reach the sink whole and in the
// order submitted, a block stays the sink's until the sink gives it back, memory stays within the
// blocks given, a failure stops the writing and reaches the submitting side, and destruction
// finishes what was queued. AlignedBlock: page alignment and block ends.
#include "blobs/block_writer.h"

#include <QScopeGuard>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace fieldseal::server;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kBlock = AlignedBlock::kPage;

// Records what it takes and gives each block back at the next reap, unless held.
struct RecordingSink : BlockWriter::Sink {
    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::string>> blocks;
    std::vector<std::size_t> taken; // not yet given back
    std::atomic<bool> hold{false};
    std::atomic<bool> open{true}; // take() waits while false
    std::string failOn; // take() throws for a block with these bytes

    void take(const AlignedBlock& block, std::size_t tag) override {
        while (!open)
            std::this_thread::sleep_for(1ms);
        if (!failOn.empty() && block.bytes() == failOn) throw std::runtime_error("disk full");
        std::lock_guard lock(mutex);
        blocks.emplace_back(block.offset(), std::string(block.bytes()));
        taken.push_back(tag);
    }
    void reap(bool wait, std::vector<std::size_t>& done) override {
        while (hold && wait)
            std::this_thread::sleep_for(1ms);
        if (hold) return;
        std::lock_guard lock(mutex);
        done.insert(done.end(), taken.begin(), taken.end());
        taken.clear();
    }
};

void fill(BlockWriter& writer, std::int64_t at, const std::string& text) {
    AlignedBlock& b = writer.next(at);
    QCOMPARE(b.append(text), text.size());
    writer.submit(b);
}

} // namespace

class TestBlockWriter : public QObject {
    Q_OBJECT
private slots:
    void blocks_arrive_whole_and_in_order() {
        RecordingSink sink;
        BlockWriter writer(sink, kBlock, 3);
        std::int64_t at = 0;
        for (int i = 0; i < 50; ++i) {
            const std::string text = "block-" + std::to_string(i);
            fill(writer, at, text);
            at += static_cast<std::int64_t>(text.size());
        }
        writer.drain();
        QCOMPARE(sink.blocks.size(), std::size_t(50));
        std::int64_t expected = 0;
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(sink.blocks[i].first, expected);
            QCOMPARE(sink.blocks[i].second, "block-" + std::to_string(i));
            expected += static_cast<std::int64_t>(sink.blocks[i].second.size());
        }
    }

    void blocks_stay_with_the_sink_until_it_gives_them_back() {
        // Two blocks, both taken and held by the sink (the disk still reading them): a third
        // next() waits until the sink gives one back, and drain() waits for both.
        RecordingSink sink;
        sink.hold = true;
        // Both queued before the writer takes the first: with only "a" in the sink and nothing
        // queued, the writer waits in the sink's reap, which a held sink never ends.
        sink.open = false;
        BlockWriter writer(sink, kBlock, 2);
        fill(writer, 0, "a");
        fill(writer, 1, "b");
        sink.open = true;
        const auto takenCount = [&] {
            std::lock_guard lock(sink.mutex);
            return sink.blocks.size();
        };
        for (int i = 0; i < 10000 && takenCount() < 2; ++i)
            std::this_thread::sleep_for(1ms);
        std::atomic<bool> gotThird{false};
        std::atomic<std::int64_t> thirdOffset{-1};
        std::thread third([&] {
            AlignedBlock& b = writer.next(2);
            thirdOffset = b.empty() ? b.offset() : -2;
            gotThird = true;
        });
        auto letGo = qScopeGuard([&] {
            sink.hold = false;
            third.join();
        });
        QCOMPARE(takenCount(), std::size_t(2)); // both taken, neither given back
        std::this_thread::sleep_for(50ms);
        QVERIFY(!gotThird);
        letGo.dismiss();
        sink.hold = false;
        third.join();
        QVERIFY(gotThird);
        QCOMPARE(thirdOffset.load(), std::int64_t(2));
        writer.drain();
        QVERIFY(sink.taken.empty());
    }

    void it_says_when_a_block_is_free_again() {
        // The transport asks before it reads more of a body: with every block in the sink it is
        // told to wait, and called back (once) when the sink gives one back.
        RecordingSink sink;
        sink.hold = true;
        BlockWriter writer(sink, kBlock, 2);
        QVERIFY(writer.readyOrNotify({})); // blocks not made yet
        fill(writer, 0, "a");
        AlignedBlock& second = writer.next(1);
        std::atomic<int> calls{0};
        QVERIFY(!writer.readyOrNotify([&] { ++calls; })); // one block in the sink, one being filled
        writer.submit(second);
        std::this_thread::sleep_for(20ms);
        QCOMPARE(calls.load(), 0);
        sink.hold = false;
        writer.drain();
        QCOMPARE(calls.load(), 1);
        QVERIFY(writer.readyOrNotify([&] { ++calls; }));
        QCOMPARE(calls.load(), 1);
    }

    void a_failure_stops_writing_and_reaches_the_caller() {
        RecordingSink sink;
        sink.failOn = "bad";
        BlockWriter writer(sink, kBlock, 4);
        fill(writer, 0, "ok");
        fill(writer, 2, "bad");
        try {
            fill(writer, 5, "late"); // may be queued before the failure is seen
        } catch (const std::runtime_error&) {
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.drain());
        // Nothing after the failed block is written: it would leave a hole in the file.
        QCOMPARE(sink.blocks.size(), std::size_t(1));
        QCOMPARE(sink.blocks[0].second, std::string("ok"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.next(9));
    }

    void destruction_finishes_the_queued_blocks() {
        RecordingSink sink;
        {
            BlockWriter writer(sink, kBlock, 4);
            for (int i = 0; i < 4; ++i)
                fill(writer, i, std::to_string(i));
        }
        QCOMPARE(sink.blocks.size(), std::size_t(4));
        QCOMPARE(sink.blocks[3].second, std::string("3"));
        QVERIFY(sink.taken.empty()); // every block given back before the memory went
    }

    void a_writer_needs_whole_pages_and_a_block() {
        RecordingSink sink;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BlockWriter(sink, 100, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BlockWriter(sink, kBlock, 0));
    }

    void an_aligned_block_keeps_file_pages_on_memory_pages() {
        AlignedBlock b(4 * kBlock);
        // A block from a mid-page offset ends at the next block boundary of the file, and its
        // first whole page lies on a page of memory.
        const std::int64_t at = 3 * static_cast<std::int64_t>(kBlock) + 100;
        b.reset(at);
        const std::string bytes(8 * kBlock, 'x');
        QCOMPARE(b.append(bytes), kBlock - 100);
        QVERIFY(b.full());
        QCOMPARE(b.end(), std::int64_t(4 * kBlock));
        QCOMPARE(reinterpret_cast<std::uintptr_t>(b.data()) % kBlock, std::uintptr_t(100));
        // From a boundary, a whole block.
        b.reset(4 * static_cast<std::int64_t>(kBlock));
        QCOMPARE(b.append(bytes), 4 * kBlock);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(b.data()) % kBlock, std::uintptr_t(0));
        QCOMPARE(b.bytes(), std::string_view(bytes).substr(0, 4 * kBlock));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AlignedBlock(1000));
    }
};

QTEST_APPLESS_MAIN(TestBlockWriter)
#include "test_block_writer.moc"
