"""The price list moves from billing to shipping without moving data: billing's tables
(`billing_carrierservice`, `billing_zone`, `billing_ratetable`, `billing_rate`) are kept, and only
Django's idea of which app owns them changes (billing 0008 removes them from billing's state once
parcels' foreign key points here)."""

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("billing", "0006_refund_unique_stripe_refund_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CarrierService',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=30, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('carrier', models.CharField(help_text='e.g. Japan Post', max_length=100, verbose_name='carrier')),
                        ('tracking_url', models.CharField(blank=True, help_text='With {number} where the tracking number goes', max_length=300, verbose_name='tracking URL')),
                        ('volumetric_divisor', models.PositiveIntegerField(default=5000, help_text='cm³ per kg of chargeable weight', verbose_name='volumetric divisor')),
                        ('min_weight_g', models.PositiveIntegerField(default=0, verbose_name='minimum weight (g)')),
                        ('max_weight_g', models.PositiveIntegerField(default=30000, verbose_name='maximum weight (g)')),
                        ('max_length_cm', models.PositiveIntegerField(default=150, verbose_name='maximum longest side (cm)')),
                        ('max_length_plus_girth_cm', models.PositiveIntegerField(default=300, verbose_name='maximum length + girth (cm)')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'carrier service',
                        'verbose_name_plural': 'carrier services',
                        'db_table': 'billing_carrierservice',
                        'ordering': ('position', 'name'),
                        'constraints': [models.CheckConstraint(condition=models.Q(('volumetric_divisor__gt', 0)), name='service_divisor_positive')],
                    },
                ),
                migrations.CreateModel(
                    name='RateTable',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('effective_from', models.DateField(verbose_name='effective from')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rate_tables', to='shipping.carrierservice')),
                    ],
                    options={
                        'verbose_name': 'rate table',
                        'verbose_name_plural': 'rate tables',
                        'db_table': 'billing_ratetable',
                        'ordering': ('service', '-effective_from'),
                    },
                ),
                migrations.CreateModel(
                    name='Zone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=30, verbose_name='code')),
                        ('countries', django_countries.fields.CountryField(blank=True, max_length=746, multiple=True, verbose_name='countries')),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zones', to='shipping.carrierservice')),
                    ],
                    options={
                        'verbose_name': 'zone',
                        'verbose_name_plural': 'zones',
                        'db_table': 'billing_zone',
                        'ordering': ('service', 'code'),
                    },
                ),
                migrations.CreateModel(
                    name='Rate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('max_weight_g', models.PositiveIntegerField(verbose_name='up to weight (g)')),
                        ('price', models.DecimalField(decimal_places=0, max_digits=14, verbose_name='price (JPY)')),
                        ('table', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rates', to='shipping.ratetable')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rates', to='shipping.zone')),
                    ],
                    options={
                        'verbose_name': 'rate',
                        'verbose_name_plural': 'rates',
                        'db_table': 'billing_rate',
                        'ordering': ('table', 'zone', 'max_weight_g'),
                    },
                ),
                migrations.AddConstraint(
                    model_name='ratetable',
                    constraint=models.UniqueConstraint(fields=('service', 'effective_from'), name='one_rate_table_per_day'),
                ),
                migrations.AddConstraint(
                    model_name='zone',
                    constraint=models.UniqueConstraint(fields=('service', 'code'), name='zone_code_per_service'),
                ),
                migrations.AddConstraint(
                    model_name='rate',
                    constraint=models.UniqueConstraint(fields=('table', 'zone', 'max_weight_g'), name='one_rate_per_step'),
                ),
                migrations.AddConstraint(
                    model_name='rate',
                    constraint=models.CheckConstraint(condition=models.Q(('price__gte', 0)), name='rate_price_non_negative'),
                ),
                migrations.AddConstraint(
                    model_name='rate',
                    constraint=models.CheckConstraint(condition=models.Q(('max_weight_g__gt', 0)), name='rate_step_positive'),
                ),
            ],
            database_operations=[],
        ),
    ]
