using System.Buffers.Binary;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tests.Storage;

public sealed class CellAllocatorTests
{
    private static HiveImage NewImage() => new(EmptyHive.Create("ROOT"));

    private static int RawSize(HiveImage image, uint cell) => BinaryPrimitives.ReadInt32LittleEndian(image.RawBins(cell, 4));

    [Fact]
    public void Allocation_rounds_to_eight_zeroes_data_and_splits_the_free_cell()
    {
        var image = NewImage();
        var allocator = new CellAllocator(image);
        uint first = allocator.Allocate(5);
        uint second = allocator.Allocate(13);

        Assert.Equal(-16, RawSize(image, first));
        Assert.Equal(-24, RawSize(image, second));
        Assert.Equal(first + 16, second);
        Assert.True(image.Cell(second, "test").ToArray().All(b => b == 0));
        Assert.True(RawSize(image, second + 24) > 0);
    }

    [Fact]
    public void Freeing_coalesces_with_free_neighbours_in_both_directions()
    {
        var image = NewImage();
        var allocator = new CellAllocator(image);
        uint a = allocator.Allocate(12);
        uint b = allocator.Allocate(12);
        uint c = allocator.Allocate(12);
        allocator.Allocate(12);
        allocator.Free(a);
        allocator.Free(c);
        allocator.Free(b);

        Assert.Equal(48, RawSize(image, a));
        Assert.Equal(a, allocator.Allocate(40));
    }

    [Fact]
    public void A_cell_larger_than_any_free_space_gets_a_new_bin_of_whole_pages()
    {
        var image = NewImage();
        var allocator = new CellAllocator(image);
        int before = image.BinsSize;
        uint big = allocator.Allocate(10_000);

        Assert.Equal(before, (int)big - 32);
        Assert.Equal(before + 12288, image.BinsSize);
        Assert.Equal(12288, (int)image.BinBounds(big).End - (int)image.BinBounds(big).Start);
        Assert.True(image.Cell(big, "test").Length >= 10_000);
    }

    [Fact]
    public void Freeing_a_free_cell_is_refused()
    {
        var image = NewImage();
        var allocator = new CellAllocator(image);
        uint a = allocator.Allocate(12);
        allocator.Free(a);

        Assert.Throws<HiveFormatException>(() => allocator.Free(a));
    }

    [Fact]
    public void A_grown_hive_keeps_its_header_consistent()
    {
        using var stream = new MemoryStream();
        stream.Write(EmptyHive.Create("ROOT"));
        using (var hive = Hive.Open(stream, "test", options: new HiveOpenOptions { Writable = true }))
        {
            hive.Root.SetValue("big", RegistryValueType.Binary, new byte[100_000]);
            hive.Commit();
        }

        using var reopened = Hive.Load(stream.ToArray());
        Assert.Equal(stream.Length - 4096, reopened.HiveBinsSize);
        Assert.Equal(100_000, reopened.Root.GetValue("BIG")!.Data.Length);
        Assert.True(HiveChecker.Check(reopened).IsSound);
    }
}
