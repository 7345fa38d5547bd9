using OfflineRepair.Registry;
using OfflineRepair.Repairs.ControlSets;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.ControlSets;

public sealed class ControlSetResolverTests
{
    [Fact]
    public void Regipy_system_selects_001_as_current_and_default_and_002_as_last_known_good()
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var choice = ControlSetResolver.Resolve(hive, ControlSetSelection.Selected);

        Assert.Equal(["ControlSet001", "ControlSet002"], choice.ControlSets);
        Assert.Equal("ControlSet001 (Current, Default), ControlSet002 (LastKnownGood)", choice.Note);
        Assert.Empty(choice.Skipped);
        Assert.Equal(new SelectValues(1, 1, 2, 0), choice.Select);
    }

    [Fact]
    public void Winevt_system_selects_001_and_003_and_never_002()
    {
        using var hive = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var choice = ControlSetResolver.Resolve(hive, ControlSetSelection.Selected);

        Assert.Equal(["ControlSet001", "ControlSet003"], choice.ControlSets);
        Assert.Equal("ControlSet001 (Current, Default), ControlSet003 (LastKnownGood)", choice.Note);
    }

    [Fact]
    public void All_takes_every_control_set_present()
    {
        using var hive = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var choice = ControlSetResolver.Resolve(hive, ControlSetSelection.All);

        Assert.Equal(["ControlSet001", "ControlSet003"], choice.ControlSets);
        Assert.Equal(["ControlSet001", "ControlSet003"], choice.Present);
    }

    [Fact]
    public void A_set_select_names_that_does_not_exist_is_skipped_and_reported()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Winevt);
        using (var writable = SystemHives.OpenWritable(path))
        {
            writable.OpenKey("Select")!.SetValue("Failed", RegistryValueType.DWord, RegistryData.DWord(2));
            writable.Commit();
        }

        using var hive = Hive.Open(path);
        var choice = ControlSetResolver.Resolve(hive, ControlSetSelection.Selected);

        Assert.Equal(["ControlSet001", "ControlSet003"], choice.ControlSets);
        Assert.Equal(["Select names ControlSet002 (Failed), which does not exist: skipped"], choice.Skipped);
        Assert.Contains("ControlSet002 (Failed), which does not exist: skipped", choice.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hive_without_select_is_refused()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        using (var writable = SystemHives.OpenWritable(path))
        {
            Assert.True(writable.Root.DeleteSubkeyTree("Select"));
            writable.Commit();
        }

        using var hive = Hive.Open(path);
        var error = Assert.Throws<RepairException>(() => ControlSetResolver.Resolve(hive, ControlSetSelection.Selected));
        Assert.StartsWith("the SYSTEM hive has no Select key: cannot tell which control set Windows uses; ", error.Message, StringComparison.Ordinal);
        Assert.Throws<RepairException>(() => ControlSetResolver.Resolve(hive, ControlSetSelection.All));
    }

    [Fact]
    public void Select_naming_only_missing_sets_is_refused()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Winevt);
        using (var writable = SystemHives.OpenWritable(path))
        {
            var select = writable.OpenKey("Select")!;
            foreach (var name in new[] { "Current", "Default", "LastKnownGood" })
            {
                select.SetValue(name, RegistryValueType.DWord, RegistryData.DWord(7));
            }

            writable.Commit();
        }

        using var hive = Hive.Open(path);
        var error = Assert.Throws<RepairException>(() => ControlSetResolver.Resolve(hive, ControlSetSelection.Selected));
        Assert.Contains("ControlSet001, ControlSet003", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ControlSet001", "ControlSet003"], ControlSetResolver.Resolve(hive, ControlSetSelection.All).ControlSets);
    }

    [Fact]
    public void A_hive_with_select_but_no_control_set_is_refused()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.File("SYSTEM");
        File.WriteAllBytes(path, EmptyHive.Create("ROOT"));
        using (var writable = SystemHives.OpenWritable(path))
        {
            writable.Root.CreateKey("Select").SetValue("Current", RegistryValueType.DWord, RegistryData.DWord(1));
            writable.Commit();
        }

        using var hive = Hive.Open(path);
        var error = Assert.Throws<RepairException>(() => ControlSetResolver.Resolve(hive, ControlSetSelection.All));
        Assert.Contains("no ControlSet00N", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dirty_system_b_is_read_after_replaying_its_logs()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.DirtyWithLogs);
        using var hive = Hive.Open(path);

        var choice = ControlSetResolver.Resolve(hive, ControlSetSelection.Selected);

        Assert.Equal(HiveState.Replayed, hive.State);
        Assert.Equal(["ControlSet001"], choice.ControlSets);
    }
}
