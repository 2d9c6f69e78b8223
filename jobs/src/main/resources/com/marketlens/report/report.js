/*
 * MarketLens interactive report: draws every chart from the JSON document embedded in the page
 * (<script id="report-data">, written by ReportModel) with Apache ECharts, inlined above this
 * script. No network: the page is one file. Charts use the SVG renderer, which prints sharply.
 */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  // Categorical colours (vendors, cohorts); the growth charts use fixed roles below, so that data,
  // fit, ceiling, thresholds and events never share a colour.
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
  var ROLE = {
    data: '#1f77b4', fit: '#ff7f0e', ceiling: '#d62728', band: 'rgba(214,39,40,0.12)',
    threshold: '#555555', event: '#6a3d9a', crossing: '#2ca02c', war: 'rgba(214,39,40,0.10)',
    cost: '#333333', exit: '#d62728', grey: '#d9d9d9'
  };
  var charts = {};

  // ---------- formatting ----------
  function fmt(v, digits) {
    if (v === null || v === undefined || (typeof v === 'number' && !isFinite(v))) return '–';
    if (typeof v !== 'number') return String(v);
    var d = digits === undefined ? (Math.abs(v) >= 100 ? 0 : 4) : digits;
    return v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
  }
  function pct(v, digits) {
    return v === null || v === undefined ? '–' : (100 * v).toFixed(digits === undefined ? 1 : digits) + '%';
  }
  function big(v) {
    if (v === null || v === undefined) return '–';
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return (v / 1e3).toFixed(1) + 'k';
    return fmt(v, 2);
  }
  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }
  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (html !== undefined) e.innerHTML = html;
    return e;
  }

  // ---------- chart plumbing ----------
  /** A figure (heading, caption, chart container) appended to parent; returns the ECharts instance. */
  function figure(parent, id, title, caption, option, cls) {
    var fig = el('figure', { 'class': 'figure' });
    fig.appendChild(el('h3', {}, esc(title)));
    var box = el('div', { 'class': 'chart ' + (cls || ''), id: 'chart-' + id, role: 'img', 'aria-label': title });
    fig.appendChild(box);
    if (caption) fig.appendChild(el('figcaption', {}, caption));
    parent.appendChild(fig);
    if (charts[id]) charts[id].dispose();
    var chart = echarts.init(box, null, { renderer: 'svg' });
    option.animation = false;
    chart.setOption(option);
    charts[id] = chart;
    return chart;
  }
  function disposeUnder(parent) {
    parent.querySelectorAll('.chart').forEach(function (box) {
      var id = box.id.replace(/^chart-/, '');
      if (charts[id]) { charts[id].dispose(); delete charts[id]; }
    });
    parent.innerHTML = '';
  }
  function timeZoom() {
    return [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'none' }];
  }
  function baseGrid() { return { left: 12, right: 24, top: 48, bottom: 56, containLabel: true }; }
  /** A round axis maximum at or above v (1, 2 or 5 times a power of ten, or halves of them). */
  function niceMax(v) {
    if (!(v > 0)) return 1;
    var mag = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * mag >= v) return steps[i] * mag;
    return 10 * mag;
  }
  function select(id, values, label, onChange) {
    var wrap = el('label', { 'class': 'picker' }, esc(label) + ' ');
    var s = el('select', { id: id });
    values.forEach(function (v) { s.appendChild(el('option', { value: v }, esc(v))); });
    s.addEventListener('change', function () { onChange(s.value); });
    wrap.appendChild(s);
    return wrap;
  }

  // ---------- overview ----------
  function overview() {
    var o = DATA.overview;
    var root = document.getElementById('overview');
    var run = o.run_id
      ? 'Latest run <code>' + esc(o.run_id) + '</code>, run date ' + esc(o.run_date) + '.'
      : 'The audit table records no run.';
    root.appendChild(el('p', {}, run + ' Report written by run <code>' + esc(DATA.report_run_id) +
      '</code> for ' + esc(DATA.report_run_date) + '.'));
    var rows = o.datasets.map(function (d) {
      var reasons = Object.keys(d.top_reasons).map(function (r) {
        return esc(r) + ' (' + fmt(d.top_reasons[r], 0) + ')';
      }).join(', ');
      return '<tr><td class="text">' + esc(d.dataset) + '</td><td>' + fmt(d.silver_rows, 0) + '</td><td>' +
        fmt(d.quarantined, 0) + '</td><td>' + pct(d.quarantine_share, 2) + '</td><td class="text">' +
        (reasons || '–') + '</td></tr>';
    }).join('');
    var table = el('div', { 'class': 'scroll' }, '<table><thead><tr><th>dataset</th><th>silver rows</th>' +
      '<th>quarantined</th><th>share</th><th>top reasons</th></tr></thead><tbody>' + rows + '</tbody></table>');
    root.appendChild(table);
    var names = o.datasets.map(function (d) { return d.dataset; });
    figure(root, 'quarantine', 'Quarantine share by dataset',
      'Quarantined rows / (silver rows + quarantined rows), for the warehouse as it stands.', {
        grid: baseGrid(),
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
          var d = o.datasets[ps[0].dataIndex];
          return esc(d.dataset) + '<br>quarantined ' + fmt(d.quarantined, 0) + ' of ' +
            fmt(d.silver_rows + d.quarantined, 0) + ' (' + pct(d.quarantine_share, 3) + ')';
        } },
        xAxis: { type: 'value', axisLabel: { formatter: function (v) { return pct(v, 1); } } },
        yAxis: { type: 'category', data: names, inverse: true },
        series: [{ type: 'bar', data: o.datasets.map(function (d) { return d.quarantine_share; }),
          itemStyle: { color: ROLE.exit } }]
      }, 'short');
    if (o.stages.length) {
      figure(root, 'timings', 'Wall time of the latest run by stage',
        'From the audit table (system/pipeline_runs): first start to last end of each stage.', {
          grid: baseGrid(),
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
            var s = o.stages[ps[0].dataIndex];
            return esc(s.stage) + ': ' + fmt(s.seconds, 1) + ' s<br>' + s.items + ' datasets or tables, ' +
              s.succeeded + ' built, ' + s.skipped + ' skipped<br>' + fmt(s.rows_read, 0) + ' rows read';
          } },
          xAxis: { type: 'value', name: 's' },
          yAxis: { type: 'category', data: o.stages.map(function (s) { return s.stage; }), inverse: true },
          series: [{ type: 'bar', data: o.stages.map(function (s) { return s.seconds; }),
            itemStyle: { color: ROLE.data } }]
        }, 'short');
    }
    var empty = Object.keys(DATA.empty_tables);
    if (empty.length) {
      root.appendChild(el('h3', {}, 'Tables without rows'));
      root.appendChild(el('ul', { 'class': 'empty' }, empty.map(function (t) {
        return '<li><code>' + esc(t) + '</code>: ' + esc(DATA.empty_tables[t]) + '</li>';
      }).join('')));
    }
  }

  // ---------- sites ----------
  function retentionHeatmap(parent, site) {
    var r = site.retention;
    if (!r.cohorts.length) return;
    var labels = r.cohorts.map(function (c) { return c.cohort + ' (n=' + fmt(c.size, 0) + ')'; });
    var shown = [], greyed = [];
    r.cells.forEach(function (c) {
      var cohort = r.cohorts[c[1]];
      var value = [c[0], c[1], Math.round(c[2] * 1000) / 10, c[3], c[4], c[5]];
      if (cohort.shown && c[5]) {
        shown.push({ value: value, label: { color: c[2] > 0.55 ? '#ffffff' : '#111111' } });
      } else {
        greyed.push({ value: value });
      }
    });
    var periods = [];
    for (var p = 0; p <= 12; p++) periods.push(String(p));
    figure(parent, 'retention', 'Cohort retention, ' + site.site,
      'Share of each monthly signup cohort (all segments and channels) active N months after signup. ' +
      'Grey: cohorts under ' + DATA.min_cohort_size + ' users (marketlens.report.min-cohort-size) ' +
      'or periods not over at the run date.', {
        grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
        tooltip: { formatter: function (ps) {
          var v = ps.value, c = r.cohorts[v[1]];
          return 'cohort ' + esc(c.cohort) + ' (' + fmt(c.size, 0) + ' users), month ' + v[0] + '<br>' +
            'retention ' + fmt(v[2], 1) + '% (95% ' + pct(v[3]) + ' to ' + pct(v[4]) + ')' +
            (v[5] ? '' : '<br>period not over at the run date') +
            (c.shown ? '' : '<br>cohort under the minimum size');
        } },
        xAxis: { type: 'category', data: periods, name: 'months since signup', nameLocation: 'middle',
          nameGap: 28, splitArea: { show: false } },
        yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontSize: 11 } },
        visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
          seriesIndex: 0, dimension: 2, itemHeight: 160, text: ['100%', '0%'],
          inRange: { color: ['#f7fbff', '#9ecae1', '#2171b5', '#08306b'] } },
        series: [
          { name: 'retention', type: 'heatmap', data: shown,
            label: { show: true, fontSize: 10, formatter: function (p) { return Math.round(p.value[2]); } } },
          { name: 'not shown', type: 'heatmap', data: greyed, itemStyle: { color: ROLE.grey } }
        ]
      }).getDom().style.height = Math.max(320, 20 * labels.length + 110) + 'px';
    charts.retention.resize();
  }

  function retentionCurves(parent, site, count) {
    var r = site.retention;
    var byCohort = {};
    r.cells.forEach(function (c) {
      var cohort = r.cohorts[c[1]];
      if (cohort.shown && c[5]) (byCohort[c[1]] = byCohort[c[1]] || []).push(c);
    });
    var largest = Object.keys(byCohort).map(Number).sort(function (a, b) {
      return r.cohorts[b].size - r.cohorts[a].size;
    }).slice(0, count).sort(function (a, b) { return a - b; });
    if (!largest.length) return;
    var periods = [];
    for (var p = 0; p <= 12; p++) periods.push(p);
    function column(cells, f) {
      return periods.map(function (p) {
        var c = cells.filter(function (x) { return x[0] === p; })[0];
        return c ? f(c) : null;
      });
    }
    var series = [];
    largest.forEach(function (i, k) {
      var colour = PALETTE[k % PALETTE.length], name = r.cohorts[i].cohort + ' (n=' + r.cohorts[i].size + ')';
      var cells = byCohort[i];
      series.push({ name: name, type: 'line', data: column(cells, function (c) { return c[2]; }),
        itemStyle: { color: colour }, lineStyle: { width: 2 }, symbolSize: 5, z: 3 });
      // The interval as a band: an invisible line at the lower bound, the width stacked on it.
      series.push({ name: name, type: 'line', stack: 'band' + k, data: column(cells, function (c) { return c[3]; }),
        lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false }, silent: true });
      series.push({ name: name, type: 'line', stack: 'band' + k,
        data: column(cells, function (c) { return c[4] - c[3]; }), lineStyle: { opacity: 0 }, symbol: 'none',
        areaStyle: { color: colour, opacity: 0.15 }, tooltip: { show: false }, silent: true });
    });
    figure(parent, 'retention-curves', 'Retention curves with their 95% intervals, ' + site.site,
      'The ' + largest.length + ' largest monthly cohorts of at least ' + DATA.min_cohort_size +
      ' users: share active by month since signup, shaded: 95% Wilson score interval. Click a legend ' +
      'entry to hide a cohort.', {
        grid: baseGrid(),
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', formatter: function (ps) {
          var month = periods[ps[0].dataIndex];
          return 'month ' + month + '<br>' + largest.map(function (i) {
            var c = byCohort[i].filter(function (x) { return x[0] === month; })[0];
            return c ? esc(r.cohorts[i].cohort) + ': ' + pct(c[2]) + ' (' + pct(c[3]) + ' to ' + pct(c[4]) + ')' : '';
          }).filter(Boolean).join('<br>');
        } },
        xAxis: { type: 'category', data: periods.map(String), boundaryGap: false, name: 'months since signup',
          nameLocation: 'middle', nameGap: 28 },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: function (v) { return pct(v, 0); } } },
        series: series
      });
  }

  function accounting(parent, site) {
    var a = site.accounting;
    if (!a.length) return;
    var months = a.map(function (m) { return m.month; });
    function bar(name, key, colour, sign) {
      return { name: name, type: 'bar', stack: 'users', data: a.map(function (m) { return sign * m[key]; }),
        itemStyle: { color: colour }, barCategoryGap: '20%' };
    }
    figure(parent, 'accounting', 'Growth accounting, ' + site.site,
      'Monthly active users split into new, retained and resurrected users (up) and churned users ' +
      '(down, last month\'s actives not active this month); line: quick ratio = (new + resurrected) / churned.', {
        grid: baseGrid(),
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
          var m = a[ps[0].dataIndex];
          return esc(m.month) + '<br>MAU ' + fmt(m.mau, 0) + '<br>new ' + fmt(m['new'], 0) + '<br>retained ' +
            fmt(m.retained, 0) + '<br>resurrected ' + fmt(m.resurrected, 0) + '<br>churned ' + fmt(m.churned, 0) +
            '<br>quick ratio ' + fmt(m.quick_ratio, 3);
        } },
        xAxis: { type: 'category', data: months, axisLabel: { formatter: function (v) { return v.slice(0, 7); } } },
        yAxis: [{ type: 'value', name: 'users', axisLabel: { formatter: function (v) { return big(Math.abs(v)); } } },
                { type: 'value', name: 'quick ratio', splitLine: { show: false } }],
        dataZoom: timeZoom(),
        series: [bar('new', 'new', '#2ca02c', 1), bar('retained', 'retained', '#1f77b4', 1),
          bar('resurrected', 'resurrected', '#17becf', 1), bar('churned', 'churned', '#d62728', -1),
          { name: 'quick ratio', type: 'line', yAxisIndex: 1, data: a.map(function (m) { return m.quick_ratio; }),
            itemStyle: { color: '#333333' }, symbol: 'none', connectNulls: false }]
      });
  }

  var SERIES_TITLES = { daily_ip: 'Daily login IPs', mau: 'Monthly active users', registered_users: 'Registered users' };

  function growthSeries(parent, site, g, index) {
    if (!g.points.length) return;
    var first = g.points[0][0], last = g.points[g.points.length - 1][0];
    var inRange = function (d) { return d >= first && d <= last; };
    var events = site.events.filter(function (e) { return inRange(e.date); });
    var marks = [];
    if (g.identified && g.ceiling !== null) {
      marks.push({ yAxis: g.ceiling, name: 'ceiling K', lineStyle: { color: ROLE.ceiling, type: 'solid', width: 2 },
        label: { formatter: 'K ' + big(g.ceiling), color: ROLE.ceiling, position: 'insideEndTop' } });
    }
    Object.keys(g.threshold_crossings).forEach(function (t) {
      marks.push({ yAxis: Number(t), name: 'threshold', lineStyle: { color: ROLE.threshold, type: 'dashed', width: 1 },
        label: { formatter: 'threshold ' + big(Number(t)), color: ROLE.threshold, position: 'insideStartTop' } });
    });
    events.forEach(function (e, k) {
      marks.push({ xAxis: e.date, name: e.event, lineStyle: { color: ROLE.event, type: 'dotted', width: 1.5 },
        label: { formatter: e.event, color: ROLE.event, position: 'insideEndTop', fontSize: 10,
          distance: 4 + 12 * (k % 3) } });
    });
    var crossings = Object.keys(g.threshold_crossings).filter(function (t) {
      return g.threshold_crossings[t] !== null;
    }).map(function (t) {
      return { coord: [g.threshold_crossings[t], Number(t)], value: big(Number(t)),
        name: 'crossed ' + big(Number(t)) + ' on ' + g.threshold_crossings[t] };
    });
    var series = [{ name: 'observed', type: 'line', data: g.points, symbol: 'none', sampling: 'lttb',
      lineStyle: { width: 1.2, color: ROLE.data }, itemStyle: { color: ROLE.data }, z: 2,
      markPoint: { symbol: 'pin', symbolSize: 36, itemStyle: { color: ROLE.crossing }, data: crossings,
        label: { fontSize: 9 } } }];
    if (g.fitted.length) {
      series.push({ name: 'fitted ' + g.model, type: 'line', data: g.fitted, symbol: 'none',
        lineStyle: { width: 2, color: ROLE.fit }, itemStyle: { color: ROLE.fit }, z: 3 });
    }
    // Marks and the interval band ride on a series of their own, drawn above the data (z).
    series.push({ name: 'ceiling and events', type: 'line', data: [], z: 5, silent: false,
      itemStyle: { color: ROLE.ceiling },
      markLine: { symbol: 'none', silent: false, data: marks },
      markArea: g.identified && g.ceiling_lower !== null ? { silent: true, itemStyle: { color: ROLE.band },
        data: [[{ yAxis: g.ceiling_lower, name: '90% interval of K' }, { yAxis: g.ceiling_upper }]] } : undefined });
    var top = Math.max.apply(null, g.points.map(function (p) { return p[1]; }).concat(
      g.identified && g.ceiling_upper !== null ? [g.ceiling_upper] : [],
      Object.keys(g.threshold_crossings).map(Number)));
    var facts = [];
    facts.push('model ' + (g.model || 'none') + ', status ' + esc(g.status));
    if (g.identified) facts.push('ceiling K ' + big(g.ceiling) + ' (90% ' + big(g.ceiling_lower) + ' to ' +
      big(g.ceiling_upper) + ')');
    else facts.push('no ceiling identified');
    if (g.inflection_on) facts.push('inflection ' + g.inflection_on);
    if (g.ceiling_reached_on) facts.push('ceiling reached ' + g.ceiling_reached_on);
    if (g.growth_break_on) facts.push('growth break ' + g.growth_break_on);
    figure(parent, 'series-' + index, (SERIES_TITLES[g.series] || g.series) + ', ' + site.site,
      esc(facts.join('; ')) + '. Red line: ceiling K, shaded: its 90% interval; dashed grey: thresholds, ' +
      'pins: when they were crossed; purple dotted: market events of the site or the whole market. Drag ' +
      'the slider or scroll to zoom.', {
        grid: baseGrid(),
        legend: { top: 0, data: ['observed'].concat(g.fitted.length ? ['fitted ' + g.model] : []) },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 0); } },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', max: niceMax(top * 1.05), axisLabel: { formatter: big } },
        dataZoom: timeZoom(),
        series: series
      }, 'tall');
  }

  function backtest(parent, site) {
    var b = site.backtest;
    if (!b.points.length) return;
    var identifiedK = b.points.filter(function (p) { return p[4] && p[1] !== null; }).map(function (p) { return p[1]; });
    var anyK = b.points.filter(function (p) { return p[1] !== null; }).map(function (p) { return p[1]; });
    // Unidentified fits can be wild (K of 1e11 on a few weeks): the axis stops at 3x the largest identified K.
    var cap = 3 * (identifiedK.length ? Math.max.apply(null, identifiedK) : (anyK.length ? Math.min.apply(null, anyK) : 1));
    var off = b.points.filter(function (p) { return p[1] !== null && p[1] > cap; }).length;
    var marks = [];
    if (b.final_ceiling !== undefined && b.final_ceiling !== null) {
      marks.push({ yAxis: b.final_ceiling, lineStyle: { color: ROLE.ceiling, type: 'dashed' },
        label: { formatter: 'final K ' + big(b.final_ceiling), color: ROLE.ceiling, position: 'insideEndTop' } });
    }
    if (b.first_identified_on) {
      marks.push({ xAxis: b.first_identified_on, lineStyle: { color: ROLE.crossing, type: 'solid' },
        label: { formatter: 'first identified ' + b.first_identified_on +
          (b.identified_lead_days !== null && b.identified_lead_days !== undefined
            ? ', ' + b.identified_lead_days + ' days before reached' : ''),
          color: ROLE.crossing, position: 'insideEndTop' } });
    }
    function pts(identified) {
      return b.points.filter(function (p) { return p[4] === identified && p[1] !== null && p[1] <= cap; })
        .map(function (p) { return [p[0], p[1], p[2], p[3]]; });
    }
    var bars = b.points.filter(function (p) { return p[4] && p[2] !== null && p[3] !== null; });
    figure(parent, 'backtest', 'When the ceiling could be known, ' + site.site,
      'Ceiling K fitted on the daily IPs up to each month end (growth_ceiling_backtest). Filled: identified, ' +
      'with its 90% interval as a bar; open: not identified' + (off ? ' (' + off + ' fits above ' + big(cap) +
      ' are off the axis)' : '') + '.', {
        grid: baseGrid(),
        legend: { top: 0, data: ['K, identified', 'K, not identified'] },
        tooltip: { trigger: 'item', formatter: function (p) {
          var v = p.value;
          return 'data up to ' + v[0] + '<br>K ' + fmt(v[1], 0) +
            (v[2] !== null && v[2] !== undefined ? '<br>90% ' + fmt(v[2], 0) + ' to ' + fmt(v[3], 0) : '');
        } },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', min: 0, max: niceMax(cap), axisLabel: { formatter: big } },
        dataZoom: timeZoom(),
        series: [
          { name: 'K, identified', type: 'scatter', data: pts(true), symbolSize: 8, itemStyle: { color: ROLE.data }, z: 4,
            markLine: { symbol: 'none', data: marks } },
          { name: 'K, not identified', type: 'scatter', data: pts(false), symbol: 'emptyCircle', symbolSize: 8,
            itemStyle: { color: '#7f7f7f' }, z: 3 },
          { name: '90% interval', type: 'custom', z: 2, silent: true, tooltip: { show: false },
            data: bars.map(function (p) { return [p[0], Math.min(p[2], cap), Math.min(p[3], cap)]; }),
            renderItem: function (params, api) {
              var lo = api.coord([api.value(0), api.value(1)]), hi = api.coord([api.value(0), api.value(2)]);
              return { type: 'group', children: [
                { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] },
                  style: { stroke: ROLE.data, lineWidth: 1, opacity: 0.6 } },
                { type: 'line', shape: { x1: lo[0] - 3, y1: lo[1], x2: lo[0] + 3, y2: lo[1] },
                  style: { stroke: ROLE.data, lineWidth: 1, opacity: 0.6 } },
                { type: 'line', shape: { x1: hi[0] - 3, y1: hi[1], x2: hi[0] + 3, y2: hi[1] },
                  style: { stroke: ROLE.data, lineWidth: 1, opacity: 0.6 } }] };
            } }
        ]
      });
  }

  function impactsTable(parent, site) {
    var rows = DATA.impacts.filter(function (i) { return i.site === site.site; });
    if (!rows.length) return;
    function monthly(perDay) {
      return perDay === null || perDay === undefined ? '–' : (100 * (Math.exp(30 * perDay) - 1)).toFixed(1) + '%';
    }
    parent.appendChild(el('h3', {}, 'Did market events change the growth curve? ' + esc(site.site)));
    parent.appendChild(el('p', { 'class': 'caption' }, 'Growth rate of the series in the window before and ' +
      'after each event, as % a month; the change in percentage points; p: the share of dates away from every ' +
      'event with a change at least as large (docs/metrics.md says how to read it).'));
    parent.appendChild(el('div', { 'class': 'scroll' }, '<table class="impact"><thead><tr><th>date</th><th>event</th>' +
      '<th>series</th><th>before</th><th>after</th><th>change</th><th>p</th><th>status</th></tr></thead><tbody>' +
      rows.map(function (i) {
        var change = i.slope_change === null ? '–' : ((100 * (Math.exp(30 * i.slope_after) - 1)) -
          (100 * (Math.exp(30 * i.slope_before) - 1))).toFixed(1) + ' pp';
        return '<tr><td class="text">' + esc(i.event_on) + '</td><td class="text">' + esc(i.event) + '</td><td class="text">' +
          esc(i.series) + '</td><td>' + monthly(i.slope_before) + '</td><td>' + monthly(i.slope_after) + '</td><td>' +
          change + '</td><td>' + (i.p_value === null ? '–' : i.p_value.toFixed(3)) + '</td><td class="text">' +
          esc(i.status) + '</td></tr>';
      }).join('') + '</tbody></table>'));
  }

  function drawSite(name) {
    var body = document.getElementById('site-body');
    disposeUnder(body);
    var site = DATA.sites.filter(function (s) { return s.site === name; })[0];
    if (!site) return;
    retentionHeatmap(body, site);
    retentionCurves(body, site, 3);
    accounting(body, site);
    site.series.forEach(function (g, i) { growthSeries(body, site, g, i); });
    backtest(body, site);
    impactsTable(body, site);
  }

  // ---------- cloud prices ----------
  function unique(values) { return values.filter(function (v, i) { return values.indexOf(v) === i; }); }

  function drawPrices(product, region) {
    var body = document.getElementById('price-body');
    disposeUnder(body);
    var rows = DATA.prices.filter(function (p) { return p[0] === product && p[1] === region; });
    if (!rows.length) {
      body.appendChild(el('p', {}, 'No prices for ' + esc(product) + ' in ' + esc(region) + '.'));
      return;
    }
    var vendors = unique(rows.map(function (p) { return p[2]; })).sort();
    var months = rows.map(function (p) { return p[3]; }).sort();
    var top = Math.max.apply(null, rows.map(function (p) { return Math.max(p[4], p[5] === null ? 0 : p[5]); }));
    var wars = DATA.wars.filter(function (w) { return w.product === product && w.region === region; });
    var exits = DATA.exits.filter(function (e) { return e.product === product; });
    body.appendChild(el('p', { 'class': 'caption' }, 'One panel per vendor, same axes: median effective price ' +
      '(solid, red dots where below cost) and unit cost (dashed). Shaded: price wars (' + wars.length + ' in ' +
      esc(region) + '). Red line: the vendor\'s exit from ' + esc(product) + '. Zoom one panel and the others follow.'));
    var grid = el('div', { 'class': 'multiples' });
    body.appendChild(grid);
    var group = 'prices';
    vendors.forEach(function (v, k) {
      var mine = rows.filter(function (p) { return p[2] === v; });
      var exit = exits.filter(function (e) { return e.vendor === v; });
      var marks = exit.map(function (e) {
        return { xAxis: e.last_month, lineStyle: { color: ROLE.exit, type: 'solid', width: 2 },
          label: { formatter: 'exit' + (e.at_break_even ? ' at break-even' : '') + ' (' + e.exit_basis + ')',
            color: ROLE.exit, position: 'insideEndTop', fontSize: 10 } };
      });
      var chart = figure(grid, 'price-' + k, v, null, {
        grid: { left: 8, right: 16, top: 28, bottom: 44, containLabel: true },
        legend: { show: false },
        tooltip: { trigger: 'axis', formatter: function (ps) {
          var p = mine[ps[0].dataIndex];
          if (!p) return '';
          return esc(v) + ', ' + p[3].slice(0, 7) + '<br>price ' + fmt(p[4], 6) + '<br>cost ' + fmt(p[5], 6) +
            (p[5] !== null ? '<br>margin ' + pct((p[4] - p[5]) / p[4]) : '') + (p[6] ? '<br><b>below cost</b>' : '');
        } },
        xAxis: { type: 'time', min: months[0], max: months[months.length - 1] },
        yAxis: { type: 'value', min: 0, max: niceMax(top * 1.02), name: 'CNY / unit',
          axisLabel: { formatter: function (x) { return fmt(x, 3); } } },
        dataZoom: [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 14, bottom: 6, filterMode: 'none' }],
        series: [
          { name: 'price', type: 'line', data: mine.map(function (p) { return [p[3], p[4]]; }), showSymbol: true,
            symbolSize: function (val, params) { return mine[params.dataIndex][6] ? 5 : 0; },
            itemStyle: { color: function (params) { return mine[params.dataIndex][6] ? ROLE.exit : PALETTE[k % PALETTE.length]; } },
            lineStyle: { color: PALETTE[k % PALETTE.length], width: 2 },
            markArea: { silent: true, itemStyle: { color: ROLE.war },
              data: wars.map(function (w) { return [{ xAxis: w.start_month }, { xAxis: w.end_month }]; }) },
            markLine: { symbol: 'none', data: marks } },
          { name: 'cost', type: 'line', data: mine.filter(function (p) { return p[5] !== null; })
              .map(function (p) { return [p[3], p[5]]; }), symbol: 'none',
            lineStyle: { color: ROLE.cost, type: 'dashed', width: 1.5 }, itemStyle: { color: ROLE.cost } }
        ]
      }, 'panel');
      chart.group = group;
    });
    echarts.connect(group);
    if (wars.length) {
      body.appendChild(el('div', { 'class': 'scroll' }, '<table><thead><tr><th>price war</th><th>months</th>' +
        '<th>vendors below cost</th></tr></thead><tbody>' + wars.map(function (w) {
          return '<tr><td class="text">' + esc(w.start_month.slice(0, 7)) + ' to ' + esc(w.end_month.slice(0, 7)) +
            '</td><td>' + monthsBetween(w.start_month, w.end_month) + '</td><td class="text">' +
            esc(w.vendors_below_cost.join(', ') || '–') + '</td></tr>';
        }).join('') + '</tbody></table>'));
    }
  }
  function monthsBetween(a, b) {
    return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7)) + 1;
  }

  function lossRatios(parent) {
    var rows = DATA.segments;
    if (!rows.length) return;
    var years = unique(rows.map(function (r) { return r.year; })).sort();
    var keys = unique(rows.map(function (r) { return r.vendor + ' ' + r.segment; }));
    var losing = keys.filter(function (key) {
      return rows.some(function (r) { return r.vendor + ' ' + r.segment === key && r.loss_ratio > 0; });
    });
    var never = keys.filter(function (key) { return losing.indexOf(key) < 0; });
    var series = losing.map(function (key, k) {
      return { name: key, type: 'bar', itemStyle: { color: PALETTE[k % PALETTE.length] },
        data: years.map(function (y) {
          var r = rows.filter(function (x) { return x.vendor + ' ' + x.segment === key && x.year === y; })[0];
          if (!r || r.loss_ratio === null) return null;
          return r.is_revenue_peak ? { value: r.loss_ratio, itemStyle: { borderColor: '#000', borderWidth: 2 } } : r.loss_ratio;
        }) };
    });
    figure(parent, 'loss', 'Loss ratio by vendor segment and year',
      'Loss ratio = max(0, -gross margin) of each reported segment and year; a black outline marks the ' +
      'segment\'s revenue peak. Segments that made no loss in any year: ' + (esc(never.join(', ')) || 'none') + '.', {
        grid: baseGrid(),
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return pct(v, 2); } },
        xAxis: { type: 'category', data: years.map(String), axisTick: { alignWithLabel: true } },
        yAxis: { type: 'value', min: 0, axisLabel: { formatter: function (v) { return pct(v, 0); } } },
        series: series
      });
  }

  // ---------- page ----------
  function build() {
    overview();
    var sites = DATA.sites.map(function (s) { return s.site; });
    var sitePicker = document.getElementById('site-picker');
    if (sites.length) {
      sitePicker.appendChild(select('site-select', sites, 'Site', drawSite));
      drawSite(sites[0]);
    } else {
      document.getElementById('site-body').appendChild(el('p', {}, 'No social-network tables have rows.'));
    }
    var products = unique(DATA.prices.map(function (p) { return p[0]; })).sort();
    var pricePicker = document.getElementById('price-picker');
    if (products.length) {
      var current = { product: products[0], region: null };
      var regionsOf = function (product) {
        return unique(DATA.prices.filter(function (p) { return p[0] === product; }).map(function (p) { return p[1]; })).sort();
      };
      var regionBox = el('span');
      var setRegions = function () {
        regionBox.innerHTML = '';
        var regions = regionsOf(current.product);
        current.region = regions[0];
        regionBox.appendChild(select('region-select', regions, 'Region', function (r) {
          current.region = r; drawPrices(current.product, current.region);
        }));
      };
      pricePicker.appendChild(select('product-select', products, 'Product', function (p) {
        current.product = p; setRegions(); drawPrices(current.product, current.region);
      }));
      pricePicker.appendChild(regionBox);
      setRegions();
      drawPrices(current.product, current.region);
    } else {
      document.getElementById('price-body').appendChild(el('p', {}, 'No cloud price tables have rows.'));
    }
    lossRatios(document.getElementById('loss-body'));
    var resize = function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); };
    window.addEventListener('resize', resize);
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    document.body.setAttribute('data-rendered', String(Object.keys(charts).length));
  }

  // Exposed for the browser test and for readers who want to script the page.
  window.MarketLensReport = { data: DATA, charts: charts, drawSite: drawSite, drawPrices: drawPrices };
  build();
})();
