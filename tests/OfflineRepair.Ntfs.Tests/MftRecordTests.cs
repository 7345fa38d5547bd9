using System.Buffers.Binary;
using OfflineRepair.Ntfs.Tests.Support;

namespace OfflineRepair.Ntfs.Tests;

public sealed class MftRecordTests
{
    [Fact]
    public void Parses_resident_and_non_resident_attributes()
    {
        var record = RecordBuilder.Record(
            RecordBuilder.Resident(0x80, [1, 2, 3], "ads"),
            RecordBuilder.NonResident(0x80, 0, 9, [0x11, 0x0A, 0x20, 0x00], 40000));
        var parsed = MftRecord.Parse(record, 42, 1000);
        Assert.True(parsed.IsInUse);
        Assert.Equal(2, parsed.Attributes.Count);
        Assert.Equal("ads", parsed.Attributes[0].Name);
        Assert.Equal([1, 2, 3], parsed.Attributes[0].Value.ToArray());
        Assert.Equal([new DataRun(0, 0x20, 10)], parsed.Attributes[1].Runs);
    }

    [Fact]
    public void An_attribute_longer_than_the_record_names_the_record()
    {
        var record = RecordBuilder.Record(RecordBuilder.Resident(0x10, new byte[48]));
        Fixups.Remove(record);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(0x38 + 4), 4000);
        Fixups.Protect(record);
        var e = Assert.Throws<NtfsFormatException>(() => MftRecord.Parse(record, 77, 1000));
        Assert.Contains("record 77", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_end_marker_is_refused()
    {
        var record = RecordBuilder.Record(RecordBuilder.Resident(0x10, new byte[48]));
        Fixups.Remove(record);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(0x18), 0x38 + 0x48);
        Fixups.Protect(record);
        Assert.Throws<NtfsFormatException>(() => MftRecord.Parse(record, 1, 1000));
    }

    [Fact]
    public void Runs_that_disagree_with_the_highest_vcn_are_refused()
    {
        var record = RecordBuilder.Record(RecordBuilder.NonResident(0x80, 0, 20, [0x11, 0x0A, 0x20, 0x00], 40000));
        var e = Assert.Throws<NtfsFormatException>(() => MftRecord.Parse(record, 3, 1000));
        Assert.Equal("runlist", e.Structure);
    }

    [Fact]
    public void Extents_are_joined_by_their_starting_vcn()
    {
        var record = RecordBuilder.Record(
            RecordBuilder.NonResident(0x80, 0, 9, [0x11, 0x0A, 0x20, 0x00], 80000),
            RecordBuilder.NonResident(0x80, 10, 19, [0x11, 0x0A, 0x40, 0x00], 0));
        var attributes = MftRecord.Parse(record, 9, 1000).Attributes;
        var runs = NtfsFile.JoinRuns(attributes, "test");
        Assert.Equal([new DataRun(0, 0x20, 10), new DataRun(10, 0x40, 10)], runs);
        Assert.Throws<NtfsFormatException>(() => NtfsFile.JoinRuns([attributes[1], attributes[0]], "test"));
    }
}
