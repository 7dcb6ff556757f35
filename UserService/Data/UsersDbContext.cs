using Microsoft.EntityFrameworkCore;

namespace PointsDemo.UserService.Data;

/// <summary>UserService's own database: the users and the registration barrier.</summary>
internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options)
{
    /// <summary>The unique index that turns a second registration of an address into a 409.</summary>
    public const string UniqueEmailIndex = "ix_users_normalized_email";

    /// <summary>The barrier's primary key: a registration and a check-back cannot both record an outcome.</summary>
    public const string BarrierKey = "pk_registration_barriers";

    public DbSet<User> Users => Set<User>();

    public DbSet<RegistrationBarrier> RegistrationBarriers => Set<RegistrationBarrier>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id).HasName("pk_users");
            user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
            user.Property(u => u.Email).HasColumnName("email").HasMaxLength(254);
            user.Property(u => u.NormalizedEmail).HasColumnName("normalized_email").HasMaxLength(254);
            user.Property(u => u.DisplayName).HasColumnName("display_name").HasMaxLength(100);
            user.Property(u => u.RegisteredAt).HasColumnName("registered_at");
            user.Property(u => u.RegistrationId).HasColumnName("registration_id");
            user.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName(UniqueEmailIndex);
        });

        // The checker writes this table with raw SQL (INSERT ... ON CONFLICT DO NOTHING), so its names are
        // plain snake_case; UsersSchemaTests runs that statement against a schema built from this model.
        modelBuilder.Entity<RegistrationBarrier>(barrier =>
        {
            barrier.ToTable("registration_barriers", table => table.HasCheckConstraint(
                "ck_registration_barriers_outcome", $"outcome IN ('{RegistrationBarrier.Committed}', '{RegistrationBarrier.RolledBack}')"));
            barrier.HasKey(b => b.RegistrationId).HasName(BarrierKey);
            barrier.Property(b => b.RegistrationId).HasColumnName("registration_id").ValueGeneratedNever();
            barrier.Property(b => b.Outcome).HasColumnName("outcome").HasMaxLength(16);
            barrier.Property(b => b.RecordedAt).HasColumnName("recorded_at").HasDefaultValueSql("now()");
        });
    }
}
