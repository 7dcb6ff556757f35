using Microsoft.EntityFrameworkCore;

namespace PointsDemo.PointsService.Data;

/// <summary>PointsService's own database: processed registrations, the ledger and the balances.</summary>
internal sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options)
{
    public DbSet<ProcessedRegistration> ProcessedRegistrations => Set<ProcessedRegistration>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<PointBalance> PointBalances => Set<PointBalance>();

    // The grant writes these tables with raw SQL (ON CONFLICT), so the names are plain snake_case;
    // PointsSchemaTests runs that statement against a schema built from this model.
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProcessedRegistration>(processed =>
        {
            processed.ToTable("processed_registrations");
            processed.HasKey(p => p.RegistrationId).HasName("pk_processed_registrations");
            processed.Property(p => p.RegistrationId).HasColumnName("registration_id").ValueGeneratedNever();
            processed.Property(p => p.MessageId).HasColumnName("message_id").HasMaxLength(64);
            processed.Property(p => p.ProcessedAt).HasColumnName("processed_at");
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries", table => table.HasCheckConstraint("ck_ledger_entries_points", "points > 0"));
            entry.HasKey(e => e.Id).HasName("pk_ledger_entries");
            entry.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
            entry.Property(e => e.UserId).HasColumnName("user_id");
            entry.Property(e => e.RegistrationId).HasColumnName("registration_id");
            entry.Property(e => e.Points).HasColumnName("points");
            entry.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(64);
            entry.Property(e => e.GrantedAt).HasColumnName("granted_at");
            entry.HasIndex(e => e.UserId).HasDatabaseName("ix_ledger_entries_user_id");
        });

        modelBuilder.Entity<PointBalance>(balance =>
        {
            balance.ToTable("point_balances");
            balance.HasKey(b => b.UserId).HasName("pk_point_balances");
            balance.Property(b => b.UserId).HasColumnName("user_id").ValueGeneratedNever();
            balance.Property(b => b.Balance).HasColumnName("balance");
            balance.Property(b => b.UpdatedAt).HasColumnName("updated_at");
        });
    }
}
