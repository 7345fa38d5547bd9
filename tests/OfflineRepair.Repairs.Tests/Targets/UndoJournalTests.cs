using OfflineRepair.Targets.Images;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

public sealed class UndoJournalTests
{
    [Fact]
    public void Saved_blocks_read_back_in_order_with_their_offsets()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File(UndoJournal.FileName);
        using (var journal = UndoJournal.Create(path, diskSize: 1 << 20))
        {
            journal.Save([(3, Fill(4096, 0x33)), (7, Fill(4096, 0x77))]);
            journal.Save([(255, Fill(4096, 0xFF))]);
            Assert.True(journal.Holds(7));
            Assert.False(journal.Holds(8));
            Assert.Equal(3, journal.BlockCount);
        }

        var records = UndoJournal.Read(path, 1 << 20);

        Assert.Equal([3L * 4096, 7L * 4096, 255L * 4096], records.Select(r => r.Offset));
        Assert.Equal(Fill(4096, 0x77), records[1].Original);
    }

    [Fact]
    public void A_torn_or_damaged_last_record_ends_the_journal_and_the_records_before_it_stand()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File(UndoJournal.FileName);
        using (var journal = UndoJournal.Create(path, diskSize: 1 << 20))
        {
            journal.Save([(1, Fill(4096, 1))]);
            journal.Save([(2, Fill(4096, 2))]);
        }

        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^100]);
        Assert.Single(UndoJournal.Read(path, 1 << 20));

        whole[^1] ^= 0xFF;
        File.WriteAllBytes(path, whole);
        Assert.Single(UndoJournal.Read(path, 1 << 20));
    }

    [Fact]
    public void A_journal_is_never_replaced_and_never_applied_to_another_disk()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File(UndoJournal.FileName);
        UndoJournal.Create(path, diskSize: 1 << 20).Dispose();

        Assert.Throws<IOException>(() => UndoJournal.Create(path, diskSize: 1 << 20));
        Assert.Throws<InvalidDataException>(() => UndoJournal.Read(path, 2 << 20));
        File.WriteAllText(path, "not a journal");
        Assert.Throws<InvalidDataException>(() => UndoJournal.Read(path, 1 << 20));
    }

    private static byte[] Fill(int size, byte value) => Enumerable.Repeat(value, size).ToArray();
}
